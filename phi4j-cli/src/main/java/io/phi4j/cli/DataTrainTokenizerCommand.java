package io.phi4j.cli;

import io.phi4j.PhiException;
import io.phi4j.data.bpe.BpeTrainer;
import io.phi4j.data.bpe.HfTokenizerWriter;
import io.phi4j.data.bpe.TrainingFiles;
import io.phi4j.data.bpe.WordCounts;
import io.phi4j.tokenizer.Tokenizer;
import io.phi4j.tokenizer.Tokenizers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "train-tokenizer", mixinStandardHelpOptions = true,
        description = {"Train a byte-level BPE tokenizer (GPT-2 pre-tokenization, 256 byte tokens, merges,"
                + " <|endoftext|>) and write it in Hugging Face format: tokenizer.json, vocab.json, merges.txt,"
                + " tokenizer_config.json, special_tokens_map.json.",
                "FILES are .jsonl corpora (the \"text\" of each line, as phi data synth writes them) or UTF-8 text"
                        + " files (documents separated by <|endoftext|>). Ties between equally frequent pairs are"
                        + " broken as Hugging Face's trainer breaks them, so both give the same merges."},
        footerHeading = "%nExample:%n",
        footer = "  phi data train-tokenizer corpus/train.jsonl --vocab 4096 --out tokenizer")
final class DataTrainTokenizerCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILES", description = "Training text.")
    List<Path> files;

    @Option(names = "--vocab", required = true, paramLabel = "N",
            description = "Vocabulary size, including the 256 byte tokens and <|endoftext|>.")
    int vocab;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;

    @Option(names = "--max-length", paramLabel = "N", defaultValue = "2048",
            description = "model_max_length written to tokenizer_config.json (default 2048).")
    int maxLength;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (vocab < 257 || vocab > 1_000_000) {
            throw new PhiException("--vocab must be between 257 and 1000000, not " + vocab);
        }
        long t0 = System.nanoTime();
        WordCounts counts = TrainingFiles.count(files);
        long t1 = System.nanoTime();
        BpeTrainer.Result r = BpeTrainer.train(counts, vocab, null);
        long t2 = System.nanoTime();
        HfTokenizerWriter.write(r, out, maxLength);
        Tokenizer check = Tokenizers.fromHuggingFaceDir(out);
        PrintWriter w = spec.commandLine().getOut();
        w.printf("counted %d words (%d distinct) in %.1f s; trained %d merges in %.1f s%n", counts.total(),
                counts.size(), (t1 - t0) / 1e9, r.merges().size(), (t2 - t1) / 1e9);
        w.printf("wrote %s: vocabulary %d (256 bytes + %d merged + <|endoftext|> = id %d)%n", out, check.vocabSize(),
                r.pieces().size() - 257, r.endOfTextId());
        if (r.pieces().size() < vocab) {
            w.printf("note: the corpus ran out of pairs to merge before reaching %d tokens%n", vocab);
        }
        w.flush();
        return Main.EXIT_OK;
    }
}
