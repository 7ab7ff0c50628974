package io.phi4j.generate;

import io.phi4j.Model;
import io.phi4j.model.Session;
import io.phi4j.testing.Fixtures;
import io.phi4j.tokenizer.Tokenizer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GenerationStateTest {
    private static final String MODEL = "reference/small-phi2/small-phi2-Q8_0.gguf";

    /** Logits that make {@code token} the greedy choice. */
    private static float[] pick(int vocab, int token) {
        float[] logits = new float[vocab];
        logits[token] = 10f;
        return logits;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 7, 42})
    void statesDrivenByBatchedStepsGiveWhatGeneratorGivesForEachSequenceAlone(long seed) {
        try (Model m = Model.load(Fixtures.resource(MODEL))) {
            Tokenizer tok = m.tokenizer();
            String[] prompts = {"The quick brown fox", "Once upon a time", "def add(a, b):"};
            GenerationOptions[] opts = {
                    GenerationOptions.greedy(12).withStopAtEos(false),
                    GenerationOptions.defaults().withMaxTokens(10).withSeed(seed).withPenalties(0.5, 0.3),
                    GenerationOptions.defaults().withMaxTokens(14).withSeed(seed + 1).withTemperature(1.3)};
            int n = prompts.length, vocab = m.config().vocabSize();
            Session[] sessions = new Session[n];
            GenerationState[] states = new GenerationState[n];
            List<StringBuilder> streamed = new ArrayList<>();
            int[] next = new int[n];
            for (int i = 0; i < n; i++) {
                int[] ids = tok.encode(prompts[i]);
                sessions[i] = m.newSession(64);
                states[i] = new GenerationState(tok, vocab, ids, opts[i]);
                StringBuilder sb = new StringBuilder();
                streamed.add(sb);
                float[] logits = sessions[i].append(ids);
                next[i] = states[i].next(logits, 0, true, (id, text) -> { sb.append(text); return true; });
            }
            // Step every unfinished sequence together, as a server's scheduler does.
            while (true) {
                List<Integer> live = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (!states[i].done()) {
                        live.add(i);
                    }
                }
                if (live.isEmpty()) {
                    break;
                }
                Session[] batch = new Session[live.size()];
                int[] tokens = new int[live.size()];
                for (int j = 0; j < live.size(); j++) {
                    batch[j] = sessions[live.get(j)];
                    tokens[j] = next[live.get(j)];
                }
                float[] logits = Session.decodeBatch(batch, tokens);
                for (int j = 0; j < live.size(); j++) {
                    int i = live.get(j);
                    StringBuilder sb = streamed.get(i);
                    next[i] = states[i].next(logits, j * vocab, sessions[i].position() < sessions[i].capacity(),
                            (id, text) -> { sb.append(text); return true; });
                }
            }
            Generator g = new Generator(tok);
            for (int i = 0; i < n; i++) {
                GenerationResult alone = g.generate(m.newSession(64), tok.encode(prompts[i]), opts[i], TokenListener.NONE);
                assertThat(states[i].tokens()).as("sequence %d", i).containsExactly(alone.tokens());
                assertThat(states[i].text()).isEqualTo(alone.text()).isEqualTo(streamed.get(i).toString());
                assertThat(states[i].finishReason()).isEqualTo(alone.finishReason());
            }
        }
    }

    @Test
    void finishReasonsFollowTheDocumentedOrder() {
        try (Model m = Model.load(Fixtures.resource(MODEL))) {
            Tokenizer tok = m.tokenizer();
            int vocab = m.config().vocabSize();
            int a = tok.encode("a")[0];
            int[] prompt = tok.encode("x");

            GenerationState none = new GenerationState(tok, vocab, prompt, GenerationOptions.greedy(0));
            assertThat(none.done()).isTrue();
            assertThat(none.finishReason()).isEqualTo(FinishReason.LENGTH);
            assertThat(none.tokenCount()).isZero();

            GenerationState full = new GenerationState(tok, vocab, prompt, GenerationOptions.greedy(1));
            full.next(pick(vocab, a), 0, false, TokenListener.NONE);
            assertThat(full.finishReason()).as("a full context wins over the token limit").isEqualTo(FinishReason.CONTEXT);

            GenerationState eos = new GenerationState(tok, vocab, prompt, GenerationOptions.greedy(5));
            List<Integer> heard = new ArrayList<>();
            eos.next(pick(vocab, tok.eosId()), 0, true, (id, t) -> { heard.add(id); return true; });
            assertThat(eos.finishReason()).isEqualTo(FinishReason.STOP);
            assertThat(eos.tokens()).containsExactly(tok.eosId());
            assertThat(heard).as("EOS is not text").isEmpty();

            GenerationState limited = new GenerationState(tok, vocab, prompt, GenerationOptions.greedy(2));
            limited.next(pick(vocab, a), 0, true, TokenListener.NONE);
            assertThat(limited.done()).isFalse();
            limited.next(pick(vocab, a), 0, true, TokenListener.NONE);
            assertThat(limited.finishReason()).isEqualTo(FinishReason.LENGTH);
            assertThat(limited.text()).isEqualTo("aa");
        }
    }

    @Test
    void endingEarlyFlushesTextHeldBackForAPossibleStopStringButAStopDropsIt() {
        try (Model m = Model.load(Fixtures.resource(MODEL))) {
            Tokenizer tok = m.tokenizer();
            int vocab = m.config().vocabSize();
            int a = tok.encode("a")[0], b = tok.encode("b")[0];
            int[] prompt = tok.encode("x");
            GenerationOptions opts = GenerationOptions.greedy(10).withStop(List.of("ab"));

            StringBuilder heard = new StringBuilder();
            GenerationState held = new GenerationState(tok, vocab, prompt, opts);
            held.next(pick(vocab, a), 0, true, (id, t) -> { heard.append(t); return true; });
            assertThat(heard.toString()).as("'a' may start 'ab'").isEmpty();
            held.end(FinishReason.CANCELLED, (id, t) -> { heard.append(t); return true; });
            assertThat(heard.toString()).isEqualTo("a");
            assertThat(held.finishReason()).isEqualTo(FinishReason.CANCELLED);
            held.end(FinishReason.LENGTH, TokenListener.NONE);
            assertThat(held.finishReason()).as("the first end wins").isEqualTo(FinishReason.CANCELLED);

            GenerationState stopped = new GenerationState(tok, vocab, prompt, opts);
            stopped.next(pick(vocab, a), 0, true, TokenListener.NONE);
            stopped.next(pick(vocab, b), 0, true, TokenListener.NONE);
            assertThat(stopped.finishReason()).isEqualTo(FinishReason.STOP);
            assertThat(stopped.text()).isEmpty();
            assertThat(stopped.tokens()).containsExactly(a, b);
        }
    }
}
