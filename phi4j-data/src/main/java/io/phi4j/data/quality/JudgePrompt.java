package io.phi4j.data.quality;

import io.phi4j.PhiException;

import java.util.Locale;

/**
 * The LLM-as-judge prompts. {@link #EDU} is FineWeb-Edu's additive 5-point educational-value prompt, as published
 * with the dataset (HuggingFaceFW/fineweb-edu, annotations by Llama-3-70B-Instruct), wording kept as published
 * (including its small grammar slips) because the scores it produces are what the public classifiers were trained
 * on. {@link #CODE} follows Phi-1 ("Textbooks Are All You Need", §2.1), which asked GPT-4 to "determine its
 * educational value for a student whose goal is to learn basic coding concepts"; the paper does not publish its
 * prompt, so this one puts that question into the same additive form, with the same closing line, so both parse alike.
 */
public enum JudgePrompt {
    EDU("""
            Below is an extract from a web page. Evaluate whether the page has a high educational value and could \
            be useful in an educational setting for teaching from primary school to grade school levels using the \
            additive 5-point scoring system described below. Points are accumulated based on the satisfaction of \
            each criterion:

            - Add 1 point if the extract provides some basic information relevant to educational topics, even if it \
            includes some irrelevant or non-academic content like advertisements and promotional material.
            - Add another point if the extract addresses certain elements pertinent to education but does not align \
            closely with educational standards. It might mix educational content with non-educational material, \
            offering a superficial overview of potentially useful topics, or presenting information in a \
            disorganized manner and incoherent writing style.
            - Award a third point if the extract is appropriate for educational use and introduces key concepts \
            relevant to school curricula. It is coherent though it may not be comprehensive or could include some \
            extraneous information. It may resemble an introductory section of a textbook or a basic tutorial that \
            is suitable for learning but has notable limitations like treating concepts that are too complex for \
            grade school students.
            - Grant a fourth point if the extract highly relevant and beneficial for educational purposes for a \
            level not higher than grade school, exhibiting a clear and consistent writing style. It could be similar \
            to a chapter from a textbook or a tutorial, offering substantial educational content, including \
            exercises and solutions, with minimal irrelevant information, and the concepts aren't too advanced for \
            grade school students. The content is coherent, focused, and valuable for structured learning.
            - Bestow a fifth point if the extract is outstanding in its educational value, perfectly suited for \
            teaching either at primary school or grade school. It follows detailed reasoning, the writing style is \
            easy to follow and offers profound and thorough insights into the subject matter, devoid of any \
            non-educational or complex content.

            The extract:
            <EXTRACT>.

            After examining the extract:
            - Briefly justify your total score, up to 100 words.
            - Conclude with the score using the format: "Educational score: <total points>\""""),

    CODE("""
            Below is an extract from a source file or a coding tutorial. Determine its educational value for a \
            student whose goal is to learn basic coding concepts, using the additive 5-point scoring system \
            described below. Points are accumulated based on the satisfaction of each criterion:

            - Add 1 point if the extract contains valid code, even if it is mostly configuration, boilerplate or \
            generated code.
            - Add another point if the code addresses practical concepts, even if it lacks comments or explanation.
            - Award a third point if the code is self-contained and readable and introduces key concepts of \
            programming such as variables, control flow, functions or data structures; it may depend on little \
            outside context.
            - Grant a fourth point if the extract is highly relevant to teaching programming: clear names, comments \
            or text that explain the steps, like an exercise or a tutorial in a textbook.
            - Bestow a fifth point if the extract is outstanding in its educational value: well written, easy to \
            follow, and teaching a coding concept step by step with reasoning a beginner can follow.

            The extract:
            <EXTRACT>.

            After examining the extract:
            - Briefly justify your total score, up to 100 words.
            - Conclude with the score using the format: "Educational score: <total points>\"""");

    private static final String SLOT = "<EXTRACT>";
    private final String template;

    JudgePrompt(String template) {
        this.template = template;
    }

    /** {@code edu} or {@code code}. */
    public static JudgePrompt named(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "edu" -> EDU;
            case "code" -> CODE;
            default -> throw new PhiException("unknown prompt '" + name + "' (known: edu, code)");
        };
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The user message for {@code text}, cut to at most {@code maxChars} characters at a word boundary. */
    public String message(String text, int maxChars) {
        return template.replace(SLOT, truncate(text, maxChars));
    }

    static String truncate(String text, int maxChars) {
        if (text.length() <= maxChars) {
            return text;
        }
        int cut = maxChars;
        while (cut > maxChars / 2 && !Character.isWhitespace(text.charAt(cut))) {
            cut--;
        }
        if (cut <= maxChars / 2) {
            cut = maxChars;
        }
        if (Character.isLowSurrogate(text.charAt(cut)) && cut > 0) {
            cut--;
        }
        return text.substring(0, cut).stripTrailing();
    }
}
