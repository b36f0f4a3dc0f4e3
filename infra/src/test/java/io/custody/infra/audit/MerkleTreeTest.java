package io.custody.infra.audit;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MerkleTreeTest {

    @Test
    void the_streaming_root_equals_the_rfc_6962_definition_for_every_size_up_to_70() throws Exception {
        List<byte[]> leaves = new ArrayList<>();
        for (int n = 1; n <= 70; n++) {
            leaves.add(("leaf-" + n).getBytes(StandardCharsets.UTF_8));
            MerkleTree tree = new MerkleTree();
            leaves.forEach(tree::add);
            assertThat(tree.size()).isEqualTo(n);
            assertThat(tree.root()).as("size " + n).isEqualTo(reference(leaves));
        }
    }

    @Test
    void the_root_of_no_leaves_is_the_hash_of_nothing() {
        assertThat(HexFormat.of().formatHex(new MerkleTree().root()))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    /** MTH(D[n]) as RFC 6962 section 2.1 writes it. */
    private static byte[] reference(List<byte[]> leaves) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        if (leaves.size() == 1) {
            sha.update((byte) 0);
            return sha.digest(leaves.get(0));
        }
        int k = Integer.highestOneBit(leaves.size() - 1);
        byte[] left = reference(leaves.subList(0, k));
        byte[] right = reference(leaves.subList(k, leaves.size()));
        sha.update((byte) 1);
        sha.update(left);
        return sha.digest(right);
    }
}
