package io.phi4j.eval;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Prompt construction of every task, against examples written out by hand from the harness's task YAMLs
 * (lm_eval/tasks/... v0.4.13): the exact [context, continuation] strings and the gold index.
 */
class HarnessTasksTest {
    private static Map<String, Object> row(String json) {
        try {
            return new ObjectMapper().readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static void check(String task, String json, int gold, String... pairs) {
        McTask t = HarnessTasks.get(task);
        Map<String, Object> doc = row(json);
        List<String[]> args = t.arguments(doc, List.of());
        assertThat(args).hasSize(pairs.length / 2);
        for (int i = 0; i < args.size(); i++) {
            assertThat(args.get(i)).as("%s request %d", task, i).containsExactly(pairs[2 * i], pairs[2 * i + 1]);
        }
        if (t.output() == McTask.Output.MULTIPLE_CHOICE) {
            assertThat(t.gold(doc)).as("%s gold", task).isEqualTo(gold);
        }
    }

    @Test
    void piqa() {
        check("piqa", "{\"goal\":\"How do I open a jar?\",\"sol1\":\"Twist the lid.\",\"sol2\":\"Hit it.\",\"label\":1}", 1,
                "Question: How do I open a jar?\nAnswer:", " Twist the lid.",
                "Question: How do I open a jar?\nAnswer:", " Hit it.");
        // the llm-foundry gauntlet form of the same item
        check("piqa", "{\"query\":\"Question: How do I open a jar?\\n\",\"choices\":[\"Twist the lid.\",\"Hit it.\"],\"gold\":1}", 1,
                "Question: How do I open a jar?\nAnswer:", " Twist the lid.",
                "Question: How do I open a jar?\nAnswer:", " Hit it.");
    }

    @Test
    void arc() {
        for (String task : List.of("arc_easy", "arc_challenge")) {
            check(task, "{\"question\":\"Which is a mammal?\",\"choices\":{\"text\":[\"Shark\",\"Dolphin\",\"Trout\"],"
                            + "\"label\":[\"1\",\"2\",\"3\"]},\"answerKey\":\"2\"}", 1,
                    "Question: Which is a mammal?\nAnswer:", " Shark",
                    "Question: Which is a mammal?\nAnswer:", " Dolphin",
                    "Question: Which is a mammal?\nAnswer:", " Trout");
        }
        check("arc_easy", "{\"query\":\"Question: Which is a mammal?\",\"choices\":[\"Shark\",\"Dolphin\"],\"gold\":0}", 0,
                "Question: Which is a mammal?\nAnswer:", " Shark", "Question: Which is a mammal?\nAnswer:", " Dolphin");
    }

    @Test
    void hellaswagPreprocessesAsUtilsPy() {
        // query = preprocess(activity_label + ": " + ctx_a + " " + ctx_b.capitalize()); preprocess strips, turns
        // " [title]" into ". ", drops [..] tags, then replaces double spaces once.
        check("hellaswag", "{\"activity_label\":\"Baking cookies\",\"ctx_a\":\"A woman pours flour [title] into a bowl.\","
                        + "\"ctx_b\":\"SHE MIXES\",\"endings\":[\"it [step] well.\",\"the bowl away.\"],\"label\":\"1\"}", 1,
                "Baking cookies: A woman pours flour. into a bowl. She mixes", " it well.",
                "Baking cookies: A woman pours flour. into a bowl. She mixes", " the bowl away.");
        // llama.cpp's text form / gauntlet rows are already preprocessed
        check("hellaswag", "{\"query\":\"Roof shingle removal: A man is sitting on a roof. he\",\"choices\":[\"is up.\",\"is down.\"],\"gold\":0}", 0,
                "Roof shingle removal: A man is sitting on a roof. he", " is up.",
                "Roof shingle removal: A man is sitting on a roof. he", " is down.");
    }

    @Test
    void winograndeIsPartialScoring() {
        check("winogrande", "{\"sentence\":\"Sarah was a better surgeon than Maria so _ got the hard cases.\","
                        + "\"option1\":\"Sarah\",\"option2\":\"Maria\",\"answer\":\"2\"}", 1,
                "Sarah was a better surgeon than Maria so Sarah", " got the hard cases.",
                "Sarah was a better surgeon than Maria so Maria", " got the hard cases.");
        check("winogrande", "{\"context_options\":[\"A so Sarah\",\"A so Maria\"],\"continuation\":\" got it.\",\"gold\":0}", 0,
                "A so Sarah", " got it.", "A so Maria", " got it.");
    }

    @Test
    void boolq() {
        check("boolq", "{\"passage\":\"Water is wet.\",\"question\":\"is water wet\",\"label\":1}", 1,
                "Water is wet.\nQuestion: is water wet?\nAnswer:", " no",
                "Water is wet.\nQuestion: is water wet?\nAnswer:", " yes");
    }

    @Test
    void openbookqa() {
        check("openbookqa", "{\"question_stem\":\"Predators eat\",\"choices\":{\"text\":[\"lions\",\"bunnies\"],"
                        + "\"label\":[\"A\",\"B\"]},\"answerKey\":\" B\"}", 1,
                "Predators eat", " lions", "Predators eat", " bunnies");
    }

    @Test
    void siqa() {
        check("siqa", "{\"context\":\"Kai gave Ash bread.\",\"question\":\"Why did Kai do this?\",\"answerA\":\"to help\","
                        + "\"answerB\":\"to eat\",\"answerC\":\"to go\",\"label\":\"3\"}", 2,
                "Q: Kai gave Ash bread. Why did Kai do this?\nA:", " to help",
                "Q: Kai gave Ash bread. Why did Kai do this?\nA:", " to eat",
                "Q: Kai gave Ash bread. Why did Kai do this?\nA:", " to go");
    }

    @Test
    void copaHasTheHarnessDoubleSpace() {
        check("copa", "{\"premise\":\"The man broke his toe.\",\"choice1\":\"He dropped a hammer.\",\"choice2\":\"He got a hole.\","
                        + "\"question\":\"cause\",\"label\":0}", 0,
                "The man broke his toe because", "  he dropped a hammer.",
                "The man broke his toe because", "  he got a hole.");
        check("copa", "{\"premise\":\"I pushed the pedal.\",\"choice1\":\"The car sped up.\",\"choice2\":\"The car stopped.\","
                        + "\"question\":\"effect\",\"label\":1}", 1,
                "I pushed the pedal therefore", "  the car sped up.",
                "I pushed the pedal therefore", "  the car stopped.");
    }

    @Test
    void mmluHasTheSubjectDescriptionAndLetters() {
        String q = "The following are multiple choice questions (with answers) about elementary mathematics.\n\n"
                + "What is 2+2?\nA. 3\nB. 4\nC. 5\nD. 6\nAnswer:";
        check("mmlu", "{\"question\":\" What is 2+2? \",\"subject\":\"elementary_mathematics\",\"choices\":[\"3\",\"4\",\"5\",\"6\"],\"answer\":1}", 1,
                q, " A", q, " B", q, " C", q, " D");
    }

    @Test
    void mmluFewShotTurns() {
        McTask t = HarnessTasks.get("mmlu");
        Map<String, Object> shot = row("{\"question\":\"1+1?\",\"subject\":\"math\",\"choices\":[\"1\",\"2\",\"3\",\"4\"],\"answer\":1}");
        Map<String, Object> doc = row("{\"question\":\"2+2?\",\"subject\":\"math\",\"choices\":[\"3\",\"4\",\"5\",\"6\"],\"answer\":1}");
        assertThat(t.arguments(doc, List.of(shot, shot)).getFirst()[0]).isEqualTo(
                "The following are multiple choice questions (with answers) about math.\n\n"
                        + "1+1?\nA. 1\nB. 2\nC. 3\nD. 4\nAnswer: B\n\n"
                        + "1+1?\nA. 1\nB. 2\nC. 3\nD. 4\nAnswer: B\n\n"
                        + "2+2?\nA. 3\nB. 4\nC. 5\nD. 6\nAnswer:");
    }

    @Test
    void lambadaSplitsOffTheLastWord() {
        check("lambada", "{\"text\":\"He looked up and saw the moon\"}", 0, "He looked up and saw the", " moon");
        check("lambada", "{\"context\":\"He looked up and saw the\",\"continuation\":\"moon\"}", 0, "He looked up and saw the", " moon");
    }

    @Test
    void gsm8kChainOfThoughtPrompt() {
        assertThat(Gsm8kPrompts.prompt("What is 1+1?", 1)).isEqualTo(
                "Q: There are 15 trees in the grove. Grove workers will plant trees in the grove today. After they are done,"
                        + " there will be 21 trees. How many trees did the grove workers plant today?\nA: There are 15 trees"
                        + " originally. Then there were 21 trees after some more were planted. So there must have been"
                        + " 21 - 15 = 6. The answer is 6.\n\nQ: What is 1+1?\nA:");
        assertThat(Gsm8kPrompts.prompt("Q?", 8)).startsWith("Q: There are 15 trees").contains("The answer is 8.\n\nQ: Q?\nA:");
    }

    @Test
    void mbppPrompt() {
        Map<String, Object> shot = row("{\"task_id\":2,\"text\":\"Add.\",\"code\":\"def add(a,b):\\r\\n  return a+b\","
                + "\"test_list\":[\"assert add(1,2)==3\",\"assert add(0,0)==0\",\"assert add(2,2)==4\"]}");
        Map<String, Object> doc = row("{\"task_id\":11,\"text\":\"Negate.\",\"code\":\"\","
                + "\"test_list\":[\"assert neg(1)==-1\",\"assert neg(0)==0\",\"assert neg(-2)==2\"]}");
        assertThat(MbppPrompts.prompt(doc, List.of(shot))).isEqualTo(
                "You are an expert Python programmer, and here is your task: Add. Your code should pass these tests:\n\n"
                        + "assert add(1,2)==3\nassert add(0,0)==0\nassert add(2,2)==4\n[BEGIN]\n"
                        + "def add(a,b):\r\n  return a+b\n[DONE]\n\n"
                        + "You are an expert Python programmer, and here is your task: Negate. Your code should pass these tests:\n\n"
                        + "assert neg(1)==-1\nassert neg(0)==0\nassert neg(-2)==2\n[BEGIN]\n");
    }

    @Test
    void everySuiteTaskIsKnown() {
        for (String t : Evaluator.TASKS) {
            assertThat(HarnessTasks.get(t) != null || List.of("gsm8k", "humaneval", "mbpp", TextbookTask.NAME).contains(t)).as(t).isTrue();
        }
    }
}
