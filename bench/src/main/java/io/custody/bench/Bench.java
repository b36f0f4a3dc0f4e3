package io.custody.bench;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Entry point of the benchmarks. Each one starts a real Custody server process from the built jar on a
 * fresh data directory, drives it over HTTP from this process, and prints its figures as Markdown.
 *
 * <pre>
 * mvn -B -q package -DskipTests
 * java -jar bench/target/custody-bench.jar predictions [count=1000000] [batch=1000] [concurrency=4] [monitors=0] [features=monitors>0]
 * java -jar bench/target/custody-bench.jar lineage [runs=5000] [concurrency=8] [nodes=100000] [domains=100] [batch=100]
 * java -jar bench/target/custody-bench.jar audit [count=1000000] [compare-ingest]
 * java -jar bench/target/custody-bench.jar timetravel [events=1000000] [deployments=200] [changes=100] [samples=1000]
 * java -jar bench/target/custody-bench.jar mutations [count=200] [warm-up=50]
 * java -jar bench/target/custody-bench.jar growth [sizes=1000000,20000000] [predictions=1000000] [samples=1000]
 * java -jar bench/target/custody-bench.jar governance [samples=400] [chain=500] [block=50]
 * java -jar bench/target/custody-bench.jar mlflow [runs=100000] [samples=200] [warm-up=20] [all|search|write]
 * </pre>
 */
public final class Bench {

    private Bench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: custody-bench predictions [count] [batch] [concurrency] [monitors] [features]");
            System.err.println("       custody-bench lineage [runs] [concurrency] [nodes] [domains] [batch]");
            System.err.println("       custody-bench audit [count] [compare-ingest]");
            System.err.println("       custody-bench timetravel [events] [deployments] [changes] [samples]");
            System.err.println("       custody-bench mutations [count] [warm-up]");
            System.err.println("       custody-bench growth [sizes, comma-separated] [predictions] [samples]");
            System.err.println("       custody-bench governance [samples] [chain] [block]");
            System.err.println("       custody-bench webhooks [count] [warm-up] [hooks]");
            System.err.println("       custody-bench mlflow [runs] [samples] [warm-up] [all|search|write]");
            System.exit(2);
        }
        Path jar = Path.of(System.getProperty("custody.jar", "infra/target/custody.jar"));
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (args[0]) {
            case "predictions" -> PredictionBench.run(jar, rest);
            case "lineage" -> LineageBench.run(jar, rest);
            case "audit" -> AuditBench.run(jar, rest);
            case "timetravel" -> TimeTravelBench.run(jar, rest);
            case "mutations" -> MutationBench.run(jar, rest);
            case "growth" -> GrowthBench.run(jar, rest);
            case "governance" -> GovernanceBench.run(jar, rest);
            case "webhooks" -> WebhookBench.run(jar, rest);
            case "mlflow" -> MlflowBench.run(jar, rest);
            default -> {
                System.err.println("unknown benchmark " + args[0]);
                System.exit(2);
            }
        }
    }
}
