package io.phi4j.tokenizer;

import io.phi4j.PhiException;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The byte-level BPE tokenizer: added-token split ({@link AddedTokenMatcher}), GPT-2 pre-tokenization
 * ({@link Gpt2PreTokenizer}), UTF-8 bytes, then BPE per word ({@link BpeMerger}) with a cache of recent words.
 * Immutable apart from that cache; safe for concurrent use.
 */
final class BpeTokenizer implements Tokenizer {
    /** One merge line: the two pieces and where it came from (for error messages). */
    record Merge(String left, String right, String location) {
    }

    private static final int CACHE_LIMIT = 65_536;
    private static final int CACHE_MAX_WORD = 128;

    private final Vocabulary vocab;
    private final MergeTable merges;
    private final int[] byteTokens = new int[256];
    private final AddedTokenMatcher plainMatcher;
    private final AddedTokenMatcher specialMatcher;
    private final int bos;
    private final int eos;
    private final boolean addPrefixSpace;
    private final ThreadLocal<BpeMerger> mergers;
    private final ConcurrentHashMap<String, int[]> cache = new ConcurrentHashMap<>();

    /**
     * @param addPrefixSpace Hugging Face ByteLevel {@code add_prefix_space}: a space is put before each raw
     *     fragment that does not start with one (false for Phi)
     */
    BpeTokenizer(Vocabulary vocab, List<Merge> mergeList, int bos, int eos, boolean addPrefixSpace) {
        this.vocab = vocab;
        this.bos = bos;
        this.eos = eos;
        this.addPrefixSpace = addPrefixSpace;
        this.merges = new MergeTable(mergeList.size());
        for (int rank = 0; rank < mergeList.size(); rank++) {
            Merge m = mergeList.get(rank);
            int left = vocab.idOf(m.left());
            int right = vocab.idOf(m.right());
            int merged = vocab.idOf(m.left() + m.right());
            // Hugging Face refuses such a merge list at load time (MergeTokenOutOfVocabulary); so do we.
            if (left < 0 || right < 0 || merged < 0) {
                String missing = left < 0 ? m.left() : right < 0 ? m.right() : m.left() + m.right();
                throw new PhiException(m.location() + ": merge \"" + m.left() + " " + m.right()
                        + "\" needs token \"" + missing + "\", which is not in the vocabulary");
            }
            merges.putIfAbsent(left, right, rank, merged);
        }
        for (int b = 0; b < 256; b++) {
            byteTokens[b] = vocab.idOf(String.valueOf(ByteLevel.charOf(b)));
        }
        Map<String, Integer> plain = new HashMap<>();
        Map<String, Integer> all = new HashMap<>();
        for (int id = 0; id < vocab.size(); id++) {
            TokenType type = vocab.type(id);
            if (type == TokenType.USER_DEFINED) {
                plain.put(vocab.piece(id), id);
                all.put(vocab.piece(id), id);
            } else if (type.isSpecial()) {
                all.put(vocab.piece(id), id);
            }
        }
        this.plainMatcher = new AddedTokenMatcher(plain);
        this.specialMatcher = new AddedTokenMatcher(all);
        this.mergers = ThreadLocal.withInitial(() -> new BpeMerger(merges, byteTokens));
    }

    @Override
    public int[] encode(String text, boolean parseSpecial) {
        IntList out = new IntList(Math.max(16, text.length() / 3));
        AddedTokenMatcher matcher = parseSpecial ? specialMatcher : plainMatcher;
        WordEncoder words = new WordEncoder(mergers.get(), out);
        matcher.partition(text, new AddedTokenMatcher.Sink() {
            @Override
            public void text(int start, int end) {
                if (addPrefixSpace && text.charAt(start) != ' ') {
                    String fragment = " " + text.substring(start, end);
                    Gpt2PreTokenizer.split(fragment, 0, fragment.length(), (s, e) -> words.word(fragment, s, e));
                } else {
                    Gpt2PreTokenizer.split(text, start, end, (s, e) -> words.word(text, s, e));
                }
            }

            @Override
            public void token(int id) {
                out.add(id);
            }
        });
        return out.toArray();
    }

    /** Encodes single words, going through the shared cache. */
    private final class WordEncoder {
        private final BpeMerger merger;
        private final IntList out;
        private byte[] utf8 = new byte[256];

        WordEncoder(BpeMerger merger, IntList out) {
            this.merger = merger;
            this.out = out;
        }

        void word(String text, int start, int end) {
            int length = end - start;
            if (length <= CACHE_MAX_WORD) {
                String key = text.substring(start, end);
                int[] ids = cache.get(key);
                if (ids == null) {
                    ids = bpe(text, start, end);
                    if (cache.size() >= CACHE_LIMIT) {
                        cache.clear(); // crude bound; the cache only has to catch the frequent words
                    }
                    cache.put(key, ids);
                }
                out.addAll(ids);
            } else {
                out.addAll(bpe(text, start, end));
            }
        }

        private int[] bpe(String text, int start, int end) {
            int n = Utf8Encoding.maxBytes(end - start);
            if (utf8.length < n) {
                utf8 = new byte[Math.max(n, utf8.length * 2)];
            }
            int len = Utf8Encoding.encode(text, start, end, utf8);
            return merger.encode(utf8, 0, len);
        }
    }

    @Override
    public String decode(int[] ids, boolean skipSpecial) {
        Utf8StreamDecoder decoder = new Utf8StreamDecoder();
        StringBuilder sb = new StringBuilder(ids.length * 4);
        for (int id : ids) {
            if (skipSpecial && isSpecial(id)) {
                continue;
            }
            sb.append(decoder.feed(bytesOf(id)));
        }
        return sb.append(decoder.flush()).toString();
    }

    @Override
    public byte[] decodeBytes(int... ids) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(ids.length * 4);
        for (int id : ids) {
            out.writeBytes(bytesOf(id));
        }
        return out.toByteArray();
    }

    @Override
    public byte[] tokenBytes(int id) {
        return bytesOf(id).clone();
    }

    private byte[] bytesOf(int id) {
        checkNotNegative(id);
        return id < vocab.size() ? vocab.bytesShared(id) : new byte[0];
    }

    @Override
    public String tokenPiece(int id) {
        checkNotNegative(id);
        return id < vocab.size() ? vocab.piece(id) : "";
    }

    @Override
    public TokenType tokenType(int id) {
        checkNotNegative(id);
        return id < vocab.size() ? vocab.type(id) : TokenType.UNUSED;
    }

    @Override
    public int vocabSize() {
        return vocab.size();
    }

    @Override
    public int bosId() {
        return bos;
    }

    @Override
    public int eosId() {
        return eos;
    }

    @Override
    public OptionalInt id(String piece) {
        int id = vocab.idOf(piece);
        return id < 0 ? OptionalInt.empty() : OptionalInt.of(id);
    }

    @Override
    public boolean isSpecial(int id) {
        return tokenType(id).isSpecial();
    }

    private static void checkNotNegative(int id) {
        if (id < 0) {
            throw new PhiException("token id " + id + " is negative");
        }
    }

    /** A growable int array. */
    static final class IntList {
        private int[] data;
        private int size;

        IntList(int capacity) {
            data = new int[capacity];
        }

        void add(int v) {
            if (size == data.length) {
                data = Arrays.copyOf(data, size * 2);
            }
            data[size++] = v;
        }

        void addAll(int[] values) {
            if (size + values.length > data.length) {
                data = Arrays.copyOf(data, Math.max(size + values.length, data.length * 2));
            }
            System.arraycopy(values, 0, data, size, values.length);
            size += values.length;
        }

        int[] toArray() {
            return Arrays.copyOf(data, size);
        }
    }
}
