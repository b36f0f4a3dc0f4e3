package io.custody.infra.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Set;

/**
 * The jar's command lines besides running the server:
 * <pre>
 *   java -jar custody.jar verify [--from=N] [--to=N] [server configuration, e.g. --custody.data-dir=...]
 *   java -jar custody.jar rebuild &lt;read-model&gt; [--server=http://localhost:8080]
 * </pre>
 */
public final class Cli {

    private static final Set<String> COMMANDS = Set.of("verify", "rebuild");

    private Cli() {
    }

    public static boolean handles(String[] args) {
        return args.length > 0 && COMMANDS.contains(args[0]);
    }

    /** What a command printed and its exit code. */
    public record Result(int exitCode, String out, String err) {
    }

    /** Runs the command in this JVM, capturing what it prints (tests, tools). */
    public static Result capture(String... args) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = run(args, new PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8),
                new PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        return new Result(code, out.toString(java.nio.charset.StandardCharsets.UTF_8),
                err.toString(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Runs the command; returns the process exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        return switch (args[0]) {
            case "verify" -> VerifyCommand.run(rest, out, err);
            case "rebuild" -> RebuildCommand.run(rest, out, err);
            default -> throw new IllegalArgumentException(args[0]);
        };
    }
}
