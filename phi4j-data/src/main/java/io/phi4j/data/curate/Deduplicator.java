package io.phi4j.data.curate;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phi4j.PhiException;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exact and near-duplicate removal in two phases, so a distributed engine can run phase 1 on its workers:
 * <ol>
 * <li>{@link #signature}: per document, independent of all others (SHA-256 of the whitespace-normalised text and
 * a MinHash signature);</li>
 * <li>{@link #cluster}: over all signatures in input order (memory: the signatures, never the texts). Documents
 * with equal hashes are exact copies; the others are banded ({@link LshParams}), documents sharing a band bucket
 * are candidates, and a candidate pair whose estimated Jaccard similarity reaches the threshold is joined. Clusters
 * are the connected components (union-find); the first document of each is kept.</li>
 * </ol>
 * Only the first {@value #MAX_BUCKET_COMPARISONS} members of a bucket are compared with a newcomer, which bounds
 * the work on pathological inputs (thousands of near-copies still cluster through the first members).
 */
public final class Deduplicator implements Serializable {
    static final int MAX_BUCKET_COMPARISONS = 256;

    private final DedupOptions options;
    private final MinHash minHash;

    public Deduplicator(DedupOptions options) {
        this.options = options;
        this.minHash = new MinHash(options.lsh().permutations(), options.shingle(), options.seed());
    }

    public DedupOptions options() {
        return options;
    }

    /** Phase 1 for one document. */
    public DedupSignature signature(long ordinal, ObjectNode doc, String where) {
        String text = Docs.text(doc, where);
        byte[] sha = sha256(TextNormalizer.exactKey(text));
        ByteBuffer bb = ByteBuffer.wrap(sha);
        return new DedupSignature(ordinal, Docs.id(doc), bb.getLong(), bb.getLong(),
                options.near() ? minHash.signature(text) : null);
    }

    /** Phase 2: the signatures of all documents, ordinals 0, 1, 2, … in this order. */
    public DedupResult cluster(List<DedupSignature> sigs) {
        int n = sigs.size();
        UnionFind uf = new UnionFind(n);
        boolean[] exactCopy = new boolean[n];
        long exact = 0;
        Map<Sha, Integer> firstByHash = new HashMap<>();
        for (int i = 0; i < n; i++) {
            DedupSignature s = sigs.get(i);
            if (s.ordinal() != i) {
                throw new IllegalArgumentException("signature " + i + " has ordinal " + s.ordinal());
            }
            if (options.exact()) {
                Integer first = firstByHash.putIfAbsent(new Sha(s.sha0(), s.sha1()), i);
                if (first != null) {
                    uf.union(first, i);
                    exactCopy[i] = true;
                    exact++;
                }
            }
        }
        firstByHash = null;
        long candidates = 0;
        if (options.near()) {
            int bands = options.lsh().bands(), rows = options.lsh().rows();
            List<Map<Long, List<Integer>>> buckets = new ArrayList<>(bands);
            for (int b = 0; b < bands; b++) {
                buckets.add(new HashMap<>());
            }
            java.util.Set<Integer> compared = new java.util.HashSet<>();
            for (int i = 0; i < n; i++) {
                int[] sig = sigs.get(i).minhash();
                if (sig == null || exactCopy[i]) {
                    continue;
                }
                compared.clear();
                for (int b = 0; b < bands; b++) {
                    long key = bandKey(sig, b * rows, rows);
                    List<Integer> members = buckets.get(b).computeIfAbsent(key, k -> new ArrayList<>(1));
                    for (int m = 0; m < Math.min(members.size(), MAX_BUCKET_COMPARISONS); m++) {
                        int j = members.get(m);
                        if (uf.find(j) == uf.find(i) || !compared.add(j)) {
                            continue;
                        }
                        candidates++;
                        if (MinHash.similarity(sigs.get(j).minhash(), sig) >= options.threshold()) {
                            uf.union(j, i);
                        }
                    }
                    if (members.size() < MAX_BUCKET_COMPARISONS) {
                        members.add(i);
                    }
                }
            }
        }
        BitSet removed = new BitSet(n);
        TreeMap<Integer, List<DedupResult.Removed>> byKept = new TreeMap<>();
        long near = 0;
        for (int i = 0; i < n; i++) {
            int root = uf.find(i);
            if (root == i) {
                continue;
            }
            removed.set(i);
            DedupSignature kept = sigs.get(root), s = sigs.get(i);
            boolean isExact = kept.sha0() == s.sha0() && kept.sha1() == s.sha1();
            double sim = isExact ? 1.0 : s.minhash() == null || kept.minhash() == null ? 0
                    : MinHash.similarity(kept.minhash(), s.minhash());
            if (!exactCopy[i]) {
                near++;
            }
            byKept.computeIfAbsent(root, k -> new ArrayList<>()).add(new DedupResult.Removed(s.id(), sim, isExact));
        }
        List<DedupResult.Cluster> clusters = new ArrayList<>();
        byKept.forEach((root, rm) -> clusters.add(new DedupResult.Cluster(sigs.get(root).id(), List.copyOf(rm))));
        return new DedupResult(n, removed, clusters, exact, near, candidates, options);
    }

    private static long bandKey(int[] sig, int from, int rows) {
        long h = 0x243f6a8885a308d3L;
        for (int r = 0; r < rows; r++) {
            h = MinHash.mix(h ^ sig[from + r]) + 0x9e3779b97f4a7c15L;
        }
        return h;
    }

    private record Sha(long a, long b) {
    }

    static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new PhiException("SHA-256 is not available in this JVM");
        }
    }
}
