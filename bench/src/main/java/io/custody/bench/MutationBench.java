package io.custody.bench;

import java.nio.file.Path;
import java.util.Map;

/**
 * What authentication and the role check add to a mutation: two servers from the same jar, one with
 * security on (the default) and one with {@code custody.security.enabled=false}, each on a fresh data
 * directory, are sent the same {@code registerDataset} mutations one at a time, alternating between them
 * so that both see the same machine. Each answer includes read-your-writes (every read model applied it).
 */
final class MutationBench {

    private static final String MUTATION = "mutation($i: RegisterDatasetInput!) "
            + "{ registerDataset(input: $i) { dataset { name } } }";

    private MutationBench() {
    }

    static void run(Path jar, String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        try (ServerProcess secured = ServerProcess.start(jar);
             ServerProcess open = ServerProcess.start(jar, "--custody.security.enabled=false")) {
            Http securedHttp = new Http(secured);
            Http openHttp = new Http(open);
            Alternating.Times times = Alternating.time(count, warmUp, i -> time(securedHttp, i), i -> time(openHttp, i));
            Stats securedStats = Stats.ofNanos(times.a());
            Stats openStats = Stats.ofNanos(times.b());
            System.out.printf("| security | mutations | median | p99 |%n| --- | --- | --- | --- |%n");
            System.out.printf("| on (API token, role check) | %d | %.2f ms | %.2f ms |%n", count, securedStats.median(),
                    securedStats.p99());
            System.out.printf("| off | %d | %.2f ms | %.2f ms |%n", count, openStats.median(), openStats.p99());
            System.out.printf("%nmedian difference: %+.2f ms (on / off = %.3f)%n",
                    securedStats.median() - openStats.median(), securedStats.median() / openStats.median());
        }
    }

    private static long time(Http http, int i) throws Exception {
        Map<String, Object> input = Map.of("name", "latency/ds-" + (i < 0 ? "warm" + -i : String.valueOf(i)),
                "owner", "bench");
        long t0 = System.nanoTime();
        http.graphQl("bench", MUTATION, Map.of("i", input));
        return System.nanoTime() - t0;
    }
}
