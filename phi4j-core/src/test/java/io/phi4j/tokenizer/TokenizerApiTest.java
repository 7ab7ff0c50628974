package io.phi4j.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phi4j.PhiException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The public API on the Phi-2 tokenizer, from every loader. */
class TokenizerApiTest {

    private static Tokenizer load(String loader) {
        return switch (loader) {
            case "tokenizer.json" -> TokenizerFixtures.phi2FromTokenizerJson();
            case "vocab+merges" -> TokenizerFixtures.phi2FromVocabAndMerges();
            default -> Tokenizers.fromHuggingFaceDir(TokenizerFixtures.phi2Dir());
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"tokenizer.json", "vocab+merges", "dir"})
    void endOfTextIsParsedOnlyWhenAsked(String loader) {
        Tokenizer t = load(loader);
        assertThat(t.encode("<|endoftext|>", true)).containsExactly(50256);
        // As text: the BPE pieces "<", "|", "end", "of", "text", "|", ">" (Hugging Face with
        // encode_special_tokens=True gives the same).
        assertThat(t.encode("<|endoftext|>")).containsExactly(27, 91, 437, 1659, 5239, 91, 29);
        assertThat(t.encode("<|endoftext|>", false)).containsExactly(27, 91, 437, 1659, 5239, 91, 29);
        assertThat(t.encode("Hi<|endoftext|>  x", true)).containsExactly(17250, 50256, 50286, 87);
        assertThat(t.decode(new int[] {17250, 50256, 50286, 87})).isEqualTo("Hi<|endoftext|>  x");
        assertThat(t.decode(new int[] {17250, 50256, 50286, 87}, true)).isEqualTo("Hi  x");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tokenizer.json", "vocab+merges", "dir"})
    void whitespaceRunsAreAddedTokensEvenWithoutSpecialParsing(String loader) {
        Tokenizer t = load(loader);
        assertThat(t.encode("  Hello")).containsExactly(50286, 15496);
        assertThat(t.encode(" ".repeat(33))).containsExactly(50257, 50286);
        assertThat(t.encode(" ".repeat(32) + "x")).containsExactly(50257, 2124); // the lone space left joins "x"
        assertThat(t.encode("\t\t\tx")).containsExactly(50293, 87);
        assertThat(t.isSpecial(50286)).isFalse();
        assertThat(t.tokenType(50286)).isEqualTo(TokenType.USER_DEFINED);
        assertThat(t.tokenPiece(50286)).isEqualTo("  ");
        assertThat(t.tokenBytes(50294)).containsExactly('\t', '\t');
    }

    @ParameterizedTest
    @ValueSource(strings = {"tokenizer.json", "vocab+merges", "dir"})
    void vocabularyFacts(String loader) {
        Tokenizer t = load(loader);
        assertThat(t.vocabSize()).isEqualTo(50295);
        assertThat(t.bosId()).isEqualTo(50256);
        assertThat(t.eosId()).isEqualTo(50256);
        assertThat(t.isSpecial(50256)).isTrue();
        assertThat(t.tokenType(50256)).isEqualTo(TokenType.CONTROL);
        assertThat(t.isSpecial(15496)).isFalse();
        assertThat(t.tokenPiece(18435)).isEqualTo("ĠHello");
        assertThat(t.tokenBytes(18435)).isEqualTo(" Hello".getBytes());
        assertThat(t.id("ĠHello")).hasValue(18435);
        assertThat(t.id("<|endoftext|>")).hasValue(50256);
        assertThat(t.id("\t\t")).hasValue(50294);
        assertThat(t.id("no such piece")).isEmpty();
        assertThat(t.tokenPiece(198)).isEqualTo("Ċ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tokenizer.json", "vocab+merges"})
    void idsPastTheVocabularyDecodeToNothingAndNegativeIdsFail(String loader) {
        Tokenizer t = load(loader);
        assertThat(t.tokenBytes(50295)).isEmpty();
        assertThat(t.tokenBytes(51199)).isEmpty();
        assertThat(t.tokenBytes(Integer.MAX_VALUE)).isEmpty();
        assertThat(t.tokenPiece(51000)).isEmpty();
        assertThat(t.isSpecial(51000)).isFalse();
        assertThat(t.decode(new int[] {15496, 51199, 995})).isEqualTo("Hello world");
        assertThatThrownBy(() -> t.decode(new int[] {15496, -1})).isInstanceOf(PhiException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> t.tokenBytes(-5)).isInstanceOf(PhiException.class);
        assertThatThrownBy(() -> t.decodeBytes(-2)).isInstanceOf(PhiException.class);
        assertThatThrownBy(() -> t.tokenPiece(-1)).isInstanceOf(PhiException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"tokenizer.json", "vocab+merges"})
    void tokenBytesIsACopy(String loader) {
        Tokenizer t = load(loader);
        byte[] b = t.tokenBytes(15496);
        b[0] = 'X';
        assertThat(t.tokenBytes(15496)).isEqualTo("Hello".getBytes());
    }
}
