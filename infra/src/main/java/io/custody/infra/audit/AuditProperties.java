package io.custody.infra.audit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Tamper evidence settings, under {@code custody.audit.*}. See docs/audit.md.
 *
 * @param key         the HMAC key, base64, at least 32 bytes. Unset in the embedded default: a random key is
 *                    generated once into {@code keyFile}. Production sets it from a secret store.
 * @param keyFile     where the key is kept when {@code key} is unset; default {@code <data-dir>/audit.key}. Keep
 *                    it apart from the data directory: whoever can rewrite the database and read the key can
 *                    re-seal forged history (docs/audit.md)
 * @param sealer      the background component that seals the log
 * @param checkpoints how often sealed ranges are closed by a checkpoint event
 */
@ConfigurationProperties("custody.audit")
public record AuditProperties(String key, Path keyFile, @DefaultValue Sealer sealer, @DefaultValue Checkpoints checkpoints) {

    /**
     * @param enabled      run the sealer on this instance (one instance at a time seals, through a lock)
     * @param batchSize    most positions sealed per transaction
     * @param pollInterval pause when the sealer has caught up with the log
     * @param gapGrace     a missing position is never declared a permanent gap before it is this old
     * @param gapTimeout   after this long a missing position is declared a permanent gap even while older
     *                     transactions are still open (one of them committing later would then show as an
     *                     inserted event)
     */
    public record Sealer(@DefaultValue("true") boolean enabled,
                         @DefaultValue("5000") int batchSize,
                         @DefaultValue("200ms") Duration pollInterval,
                         @DefaultValue("2s") Duration gapGrace,
                         @DefaultValue("10m") Duration gapTimeout) {
    }

    /**
     * @param every    close a checkpoint after this many sealed positions
     * @param interval or after this long, if anything other than checkpoints was sealed since the last one
     */
    public record Checkpoints(@DefaultValue("100000") long every,
                              @DefaultValue("10m") Duration interval) {
    }

    /** Never prints the key. */
    @Override
    public String toString() {
        return "AuditProperties[key=" + (key == null ? "unset" : "(set)") + ", keyFile=" + keyFile + ", sealer=" + sealer
                + ", checkpoints=" + checkpoints + "]";
    }
}
