package io.custody.infra.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the Merkle tree hash of a sequence of leaves as RFC 6962 (Certificate Transparency) defines it,
 * one leaf at a time, holding only O(log n) nodes: a leaf is {@code SHA-256(0x00 || data)}, a node
 * {@code SHA-256(0x01 || left || right)}, and a tree of n leaves splits at the largest power of two below n.
 */
final class MerkleTree {

    private final MessageDigest sha;
    /** Roots of perfect subtrees, largest first; {@code heights[i]} is the height of {@code nodes[i]}. */
    private final List<byte[]> nodes = new ArrayList<>();
    private final List<Integer> heights = new ArrayList<>();
    private long size;

    MerkleTree() {
        try {
            this.sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    void add(byte[] data) {
        sha.update((byte) 0);
        byte[] node = sha.digest(data);
        int height = 0;
        while (!heights.isEmpty() && heights.get(heights.size() - 1) == height) {
            int last = nodes.size() - 1;
            node = parent(nodes.remove(last), node);
            heights.remove(last);
            height++;
        }
        nodes.add(node);
        heights.add(height);
        size++;
    }

    long size() {
        return size;
    }

    /** The tree hash of the leaves so far; of no leaves, SHA-256 of nothing. */
    byte[] root() {
        if (nodes.isEmpty()) {
            return sha.digest();
        }
        byte[] root = nodes.get(nodes.size() - 1);
        for (int i = nodes.size() - 2; i >= 0; i--) {
            root = parent(nodes.get(i), root);
        }
        return root;
    }

    private byte[] parent(byte[] left, byte[] right) {
        sha.update((byte) 1);
        sha.update(left);
        return sha.digest(right);
    }
}
