package io.phi4j.data.curate;

/** Disjoint sets over 0..n-1 whose representative is always the smallest member (the document kept). */
final class UnionFind {
    private final int[] parent;

    UnionFind(int n) {
        parent = new int[n];
        for (int i = 0; i < n; i++) {
            parent[i] = i;
        }
    }

    int find(int x) {
        int root = x;
        while (parent[root] != root) {
            root = parent[root];
        }
        while (parent[x] != root) {
            int next = parent[x];
            parent[x] = root;
            x = next;
        }
        return root;
    }

    /** Joins the sets of x and y; returns false if they were already one. */
    boolean union(int x, int y) {
        int rx = find(x), ry = find(y);
        if (rx == ry) {
            return false;
        }
        if (rx < ry) {
            parent[ry] = rx;
        } else {
            parent[rx] = ry;
        }
        return true;
    }
}
