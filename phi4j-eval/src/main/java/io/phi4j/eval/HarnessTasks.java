package io.phi4j.eval;

import io.phi4j.PhiException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.phi4j.eval.Fields.integer;
import static io.phi4j.eval.Fields.map;
import static io.phi4j.eval.Fields.pyStrip;
import static io.phi4j.eval.Fields.str;
import static io.phi4j.eval.Fields.strings;

/**
 * The log-likelihood tasks of the Phi-2 suite, each as its lm-evaluation-harness YAML defines it (v0.4.13,
 * EleutherAI/lm-evaluation-harness lm_eval/tasks/...). Each accepts the original Hugging Face dataset rows and
 * the llm-foundry "gauntlet" rows ({@code {"query","choices","gold"}}, recognised by their {@code query} or
 * {@code context_options} field).
 */
public final class HarnessTasks {
    private HarnessTasks() {
    }

    private static final Map<String, McTask> TASKS = new LinkedHashMap<>();

    static {
        // hellaswag/hellaswag.yaml + utils.py: process_docs builds query/choices/gold; doc_to_text "{{query}}".
        add(McTask.builder("hellaswag")
                .text(d -> d.containsKey("query") ? str(d, "query")
                        : hellaswagPreprocess(str(d, "activity_label") + ": " + str(d, "ctx_a") + " " + pyCapitalize(str(d, "ctx_b"))))
                .choices(d -> d.containsKey("query") ? strings(d, "choices")
                        : strings(d, "endings").stream().map(HarnessTasks::hellaswagPreprocess).toList())
                .gold(d -> d.containsKey("query") ? integer(d, "gold") : integer(d, "label")));
        // piqa/piqa.yaml: "Question: {{goal}}\nAnswer:", choices [sol1, sol2], target label.
        add(McTask.builder("piqa")
                .text(d -> "Question: " + (d.containsKey("query") ? gauntletQuestion(str(d, "query")) : str(d, "goal")) + "\nAnswer:")
                .choices(d -> d.containsKey("query") ? strings(d, "choices") : List.of(str(d, "sol1"), str(d, "sol2")))
                .gold(d -> integer(d, d.containsKey("query") ? "gold" : "label")));
        // arc/arc_easy.yaml, arc_challenge.yaml: "Question: {{question}}\nAnswer:", choices.text, label index of answerKey.
        for (String arc : List.of("arc_easy", "arc_challenge")) {
            add(McTask.builder(arc).split("test")
                    .text(d -> "Question: " + (d.containsKey("query") ? gauntletQuestion(str(d, "query")) : str(d, "question")) + "\nAnswer:")
                    .choices(d -> d.containsKey("query") ? strings(d, "choices") : strings(map(d, "choices"), "text"))
                    .gold(d -> d.containsKey("query") ? integer(d, "gold")
                            : labelIndex(strings(map(d, "choices"), "label"), str(d, "answerKey"))));
        }
        // openbookqa/openbookqa.yaml: doc_to_text question_stem, choices.text, label index of answerKey.lstrip().
        add(McTask.builder("openbookqa").split("test")
                .text(d -> d.containsKey("query") ? str(d, "query") : str(d, "question_stem"))
                .choices(d -> d.containsKey("query") ? strings(d, "choices") : strings(map(d, "choices"), "text"))
                .gold(d -> d.containsKey("query") ? integer(d, "gold")
                        : labelIndex(strings(map(d, "choices"), "label"), str(d, "answerKey").stripLeading())));
        // winogrande/default.yaml + preprocess_winogrande.py: partial scoring. Contexts sentence[:idx] + option,
        // shared continuation " " + sentence[idx+1:].strip(); gold answer "1"/"2".
        add(McTask.builder("winogrande").metrics("acc")
                .choices(d -> d.containsKey("context_options") ? strings(d, "context_options")
                        : List.of(blankPrefix(d) + str(d, "option1"), blankPrefix(d) + str(d, "option2")))
                .sharedTarget(d -> d.containsKey("context_options") ? pyStrip(str(d, "continuation"))
                        : pyStrip(str(d, "sentence").substring(blankIndex(d) + 1)))
                .gold(d -> d.containsKey("context_options") ? integer(d, "gold") : integer(d, "answer") - 1));
        // super_glue/boolq/default.yaml: "{{passage}}\nQuestion: {{question}}?\nAnswer:", choices ["no","yes"].
        add(McTask.builder("boolq").metrics("acc")
                .text(d -> str(d, "passage") + "\nQuestion: " + str(d, "question") + "?\nAnswer:")
                .choices(d -> List.of("no", "yes"))
                .gold(d -> boolLabel(d)));
        // siqa/siqa.yaml (task social_iqa): "Q: {{context}} {{question}}\nA:", [answerA, answerB, answerC], label-1.
        add(McTask.builder("siqa").metrics("acc")
                .text(d -> "Q: " + str(d, "context") + " " + str(d, "question") + "\nA:")
                .choices(d -> List.of(str(d, "answerA"), str(d, "answerB"), str(d, "answerC")))
                .gold(d -> integer(d, "label") - 1));
        // super_glue/copa/default.yaml + utils.py: premise.strip()[:-1] + " because"/" therefore"; choices are
        // " " + choice with its first letter lowered (and the target delimiter adds another space).
        add(McTask.builder("copa").metrics("acc")
                .text(d -> {
                    String p = pyStrip(str(d, "premise"));
                    String connector = switch (str(d, "question")) {
                        case "cause" -> "because";
                        case "effect" -> "therefore";
                        default -> throw new PhiException("copa: question must be cause or effect, got " + str(d, "question"));
                    };
                    return p.substring(0, Math.max(0, p.length() - 1)) + " " + connector;
                })
                .choices(d -> List.of(" " + lowerFirst(str(d, "choice1")), " " + lowerFirst(str(d, "choice2"))))
                .gold(d -> {
                    // doc_to_target returns the correct choice's text; the harness takes its first index.
                    List<String> c = List.of(" " + lowerFirst(str(d, "choice1")), " " + lowerFirst(str(d, "choice2")));
                    return c.indexOf(c.get(integer(d, "label")));
                }));
        // mmlu/default/_default_template_yaml: 5-shot from the dev split (first_n), description per subject.
        add(McTask.builder("mmlu").split("test").fewshot("dev", McTask.Sampler.FIRST_N).metrics("acc")
                .description(d -> "The following are multiple choice questions (with answers) about "
                        + String.join(" ", str(d, "subject").split("_")) + ".\n\n")
                .text(d -> {
                    List<String> c = strings(d, "choices");
                    if (c.size() != 4) {
                        throw new PhiException("mmlu: a row needs 4 choices, got " + c.size());
                    }
                    return pyStrip(str(d, "question")) + "\nA. " + c.get(0) + "\nB. " + c.get(1) + "\nC. " + c.get(2)
                            + "\nD. " + c.get(3) + "\nAnswer:";
                })
                .choices(d -> List.of("A", "B", "C", "D"))
                .gold(d -> {
                    Object a = d.get("answer");
                    if (a instanceof String s && s.length() == 1 && s.charAt(0) >= 'A' && s.charAt(0) <= 'D') {
                        return s.charAt(0) - 'A';
                    }
                    return integer(d, "answer");
                }));
        // lambada/lambada_openai.yaml: context = all words but the last, continuation = " " + last word.
        add(McTask.builder("lambada").split("test")
                .loglikelihood(d -> lambadaSplit(d)[0], d -> lambadaSplit(d)[1]));
    }

    private static void add(McTask.Builder b) {
        McTask t = b.build();
        TASKS.put(t.name(), t);
    }

    /** The task of that name; aliases as the harness and llm-foundry name them are accepted. */
    public static McTask get(String name) {
        String n = switch (name) {
            case "openbook_qa" -> "openbookqa";
            case "social_iqa" -> "siqa";
            case "lambada_openai" -> "lambada";
            default -> name;
        };
        return TASKS.get(n);
    }

    public static List<String> names() {
        return new ArrayList<>(TASKS.keySet());
    }

    /** hellaswag/utils.py {@code preprocess}. */
    static String hellaswagPreprocess(String text) {
        text = pyStrip(text);
        text = text.replace(" [title]", ". ");
        text = text.replaceAll("\\[.*?\\]", "");
        return text.replace("  ", " ");
    }

    /** Python's {@code str.capitalize()}: first character upper case, the rest lower case. */
    static String pyCapitalize(String s) {
        if (s.isEmpty()) {
            return s;
        }
        int first = s.codePointAt(0);
        int n = Character.charCount(first);
        return new String(Character.toChars(Character.toTitleCase(first))) + s.substring(n).toLowerCase(java.util.Locale.ROOT);
    }

    /** copa/utils.py {@code convert_choice}: lower-cases the first character. */
    static String lowerFirst(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toLowerCase(java.util.Locale.ROOT) + s.substring(1);
    }

    /** llm-foundry writes "Question: …" (PIQA with a trailing newline); the harness wants the bare question. */
    static String gauntletQuestion(String query) {
        String q = query.startsWith("Question: ") ? query.substring("Question: ".length()) : query;
        return q.endsWith("\n") ? q.substring(0, q.length() - 1) : q;
    }

    static int labelIndex(List<String> labels, String key) {
        int i = labels.indexOf(key);
        if (i < 0) {
            throw new PhiException("answer key \"" + key + "\" is not one of the choice labels " + labels);
        }
        return i;
    }

    private static int blankIndex(Map<String, Object> d) {
        int i = str(d, "sentence").indexOf('_');
        if (i < 0) {
            throw new PhiException("winogrande: sentence has no _ blank: " + str(d, "sentence"));
        }
        return i;
    }

    private static String blankPrefix(Map<String, Object> d) {
        return str(d, "sentence").substring(0, blankIndex(d));
    }

    private static int boolLabel(Map<String, Object> d) {
        Object v = d.containsKey("label") ? d.get("label") : d.get("answer");
        if (v instanceof Boolean b) {
            return b ? 1 : 0;
        }
        return integer(d, d.containsKey("label") ? "label" : "answer");
    }

    /** lambada_openai.yaml: "{{text.split(' ')[:-1]|join(' ')}}" and "{{' '+text.split(' ')[-1]}}". */
    static String[] lambadaSplit(Map<String, Object> d) {
        String text = d.containsKey("text") ? str(d, "text") : str(d, "context") + " " + str(d, "continuation");
        int cut = text.lastIndexOf(' ');
        return cut < 0 ? new String[] {"", " " + text} : new String[] {text.substring(0, cut), " " + text.substring(cut + 1)};
    }
}
