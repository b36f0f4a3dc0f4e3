package io.custody.infra.audit;

import io.custody.infra.store.StoredEvent;

import javax.crypto.Mac;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The sealing scheme, {@value #SCHEME}. For each global position {@code n}, in order:
 *
 * <pre>
 *   content_n = SHA-256(every column of the row but global_index, in table order, each as stored (text in
 *               UTF-8) and length-prefixed, null as length -1)
 *   hash_n    = HMAC-SHA256(key, hash_(n-1) || n || 'E' || content_n)     an event
 *   hash_n    = HMAC-SHA256(key, hash_(n-1) || n || 'G')                 a permanent gap
 *   hash_0    = 32 zero bytes
 * </pre>
 *
 * The row digest lets a verifier say which position changed and, when content turns up elsewhere,
 * where it came from; the keyed chain makes the seals impossible to recompute without the key, and
 * ties each position to all before it, so removing a row together with its seal still breaks the chain.
 * One instance per thread.
 */
final class SealChain {

    static final String SCHEME = "custody-seal-v1";
    static final byte[] GENESIS = new byte[32];

    private static final byte EVENT = 'E';
    private static final byte GAP = 'G';

    private final Mac mac;
    private final MessageDigest sha;
    private final ByteBuffer number = ByteBuffer.allocate(Long.BYTES);
    private final ByteBuffer length = ByteBuffer.allocate(Integer.BYTES);

    SealChain(AuditKey key) {
        this.mac = key.mac();
        try {
            this.sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The digest of a stored row's content: every column but its position. */
    byte[] content(StoredEvent e) {
        bytes(e.eventId());
        bytes(e.stream());
        sha.update(number.clear().putLong(e.sequence()).array());
        bytes(e.type());
        bytes(e.timeStamp());
        bytes(e.payloadType());
        bytes(e.payloadRevision());
        bytes(e.payload());
        bytes(e.metaData());
        return sha.digest();
    }

    /** The chain hash of an event at {@code position} after {@code previous}. */
    byte[] link(byte[] previous, long position, byte[] content) {
        mac.update(previous);
        mac.update(number.clear().putLong(position).array());
        mac.update(EVENT);
        mac.update(content);
        return mac.doFinal();
    }

    /** The chain hash of a permanent gap at {@code position} after {@code previous}. */
    byte[] gap(byte[] previous, long position) {
        mac.update(previous);
        mac.update(number.clear().putLong(position).array());
        mac.update(GAP);
        return mac.doFinal();
    }

    private void bytes(byte[] value) {
        if (value == null) {
            sha.update(length.clear().putInt(-1).array());
            return;
        }
        sha.update(length.clear().putInt(value.length).array());
        sha.update(value);
    }
}
