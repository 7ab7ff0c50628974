package io.phi4j.eval;

import java.util.List;
import java.util.Map;

/**
 * lm_eval/tasks/mbpp/mbpp.yaml: "You are an expert Python programmer, and here is your task: {text} Your code
 * should pass these tests:\n\n{test_list[0]}\n{test_list[1]}\n{test_list[2]}\n[BEGIN]\n"; a few-shot example is
 * followed (target delimiter "") by its code, "\n[DONE]" and the few-shot delimiter "\n\n".
 */
final class MbppPrompts {
    private MbppPrompts() {
    }

    static String text(Map<String, Object> doc) {
        List<String> t = Fields.strings(doc, "test_list");
        return "You are an expert Python programmer, and here is your task: " + Fields.str(doc, "text")
                + " Your code should pass these tests:\n\n" + t.get(0) + "\n" + t.get(1) + "\n" + t.get(2) + "\n[BEGIN]\n";
    }

    static String prompt(Map<String, Object> doc, List<Map<String, Object>> shots) {
        StringBuilder sb = new StringBuilder();
        for (Map<String, Object> s : shots) {
            sb.append(text(s)).append(Fields.str(s, "code")).append("\n[DONE]").append("\n\n");
        }
        return sb.append(text(doc)).toString();
    }
}
