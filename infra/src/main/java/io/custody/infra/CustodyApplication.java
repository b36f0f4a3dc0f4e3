package io.custody.infra;

import io.custody.infra.cli.Cli;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The Custody server: the command side and the query side in one process over one event store. The same
 * jar also runs the {@code verify} and {@code rebuild} command lines ({@link Cli}).
 */
@SpringBootApplication(scanBasePackages = "io.custody")
@ConfigurationPropertiesScan("io.custody.infra")
public class CustodyApplication {

    public static void main(String[] args) {
        if (Cli.handles(args)) {
            System.exit(Cli.run(args, System.out, System.err));
        }
        SpringApplication.run(CustodyApplication.class, args);
    }
}
