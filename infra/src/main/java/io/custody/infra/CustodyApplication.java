package io.custody.infra;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The Custody server: the command side and the query side in one process over one event store. */
@SpringBootApplication(scanBasePackages = "io.custody")
@ConfigurationPropertiesScan("io.custody.infra")
public class CustodyApplication {

    public static void main(String[] args) {
        SpringApplication.run(CustodyApplication.class, args);
    }
}
