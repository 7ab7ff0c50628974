package io.phi4j.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phi4j.generate.GenerationOptions;
import io.phi4j.generate.Generator;
import io.phi4j.generate.TokenListener;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A conversation's next turn goes to the slot that holds its earlier turns and only computes the new tokens. */
class SlotReuseTest {
    private static ObjectNode chat(String... turns) {
        ObjectNode r = TestServer.MAPPER.createObjectNode();
        ArrayNode ms = r.putArray("messages");
        for (int i = 0; i < turns.length; i++) {
            ms.addObject().put("role", i % 2 == 0 ? "user" : "assistant").put("content", turns[i]);
        }
        r.put("max_tokens", 12);
        r.put("temperature", 0);
        return r;
    }

    private static String answer(TestServer ts, ObjectNode req) throws Exception {
        JsonNode j = TestServer.json(ts.post("/v1/chat/completions", req.toString()).body());
        return j.at("/choices/0/message/content").asText();
    }

    @Test
    void aFollowUpTurnReusesItsConversationsSlotAndAnswersAsAFreshSessionWould() throws Exception {
        try (TestServer ts = TestServer.start(TestServer.config().withParallel(2))) {
            String a1 = answer(ts, chat("Tell me about the river."));
            answer(ts, chat("Something else entirely: castles and kings.")); // takes the other slot
            int turn1 = ts.model.tokenizer().encode("Instruct: Tell me about the river.\nOutput:").length;
            double reusedBefore = ts.metric("phi4j_prompt_tokens_reused_total");

            String a2 = answer(ts, chat("Tell me about the river.", a1, "And the sea?"));
            double reused = ts.metric("phi4j_prompt_tokens_reused_total") - reusedBefore;
            assertThat(reused).as("turn 1's prompt is already in the slot").isGreaterThanOrEqualTo(turn1);

            String prompt = "Instruct: Tell me about the river.\nOutput: " + a1.strip() + "\nInstruct: And the sea?\nOutput:";
            GenerationOptions o = GenerationOptions.greedy(12).withTopK(0).withTopP(1).withMinP(0)
                    .withStop(List.of("\nInstruct:"));
            String fresh = new Generator(ts.model.tokenizer()).generate(ts.model.newSession(512),
                    ts.model.tokenizer().encode(prompt), o, TokenListener.NONE).text();
            assertThat(a2).isEqualTo(fresh);
        }
    }
}
