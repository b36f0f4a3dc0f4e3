package io.custody.infra.cli;

import io.custody.errors.CustodyException;
import io.custody.infra.audit.IntegrityProblem;
import io.custody.infra.audit.Verification;
import io.custody.infra.audit.Verifier;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import java.io.PrintStream;
import java.util.Map;

/**
 * {@code verify [--from=N] [--to=N]}: recomputes the seal chain over the range straight from the database
 * the server's configuration names, and prints what it verified, how fast, and every problem. Exit code 0
 * when the range is intact, 1 when a problem was found, 2 when it could not verify.
 */
final class VerifyCommand {

    private VerifyCommand() {
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        SpringApplicationBuilder app = new SpringApplicationBuilder(VerifyContext.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .properties(Map.of("logging.level.root", "WARN", "spring.main.register-shutdown-hook", "false"));
        try (ConfigurableApplicationContext context = app.run(args)) {
            Environment env = context.getEnvironment();
            Verification v = context.getBean(Verifier.class).verify(env.getProperty("from", Long.class),
                    env.getProperty("to", Long.class));
            print(v, out);
            return v.ok() ? 0 : 1;
        } catch (CustodyException e) {
            err.println("verify: " + (e.field() == null ? "" : "--" + e.field() + " ") + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            err.println("verify could not run: " + root.getMessage());
            return 2;
        }
    }

    static void print(Verification v, PrintStream out) {
        out.printf("verified positions %d..%d (head %d, sealed through %d)%n", v.from(), v.to(), v.head(),
                v.sealedThrough());
        out.printf("  %,d events, %,d permanent gaps, %,d not sealed yet; %d checkpoints recomputed%n", v.events(),
                v.gaps(), v.unsealed(), v.checkpoints());
        out.printf("  took %,d ms, %,.0f events/s; audit key %s%n", v.tookMillis(), v.eventsPerSecond(), v.keyId());
        if (v.latestCheckpoint() != null) {
            Verification.Checkpoint cp = v.latestCheckpoint();
            out.printf("  latest checkpoint (position %d): positions %d..%d, merkle root %s%n", cp.position(),
                    cp.firstPosition(), cp.lastPosition(), cp.merkleRoot());
        }
        if (v.ok()) {
            out.println("OK: every sealed position matches its seal");
            return;
        }
        out.printf("FAILED: %,d problem(s)%n", v.problemCount());
        for (IntegrityProblem p : v.problems()) {
            out.printf("  %s at position %d%s: %s%n", p.kind(), p.position(),
                    p.stream() == null ? "" : " (" + p.stream() + (p.sequence() == null ? "" : " #" + p.sequence())
                            + (p.eventId() == null ? "" : ", event " + p.eventId()) + ")", p.detail());
        }
    }
}
