package io.custody.infra.rebuild;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Read-model rebuilds, under {@code custody.rebuild.*}. See docs/audit.md.
 *
 * @param tables        the tables each PostgreSQL read model (processing group) owns: a rebuild recreates
 *                      exactly these, so a group's entry must list every table its projections write
 * @param batchSize     events per transaction while rebuilding
 * @param switchTimeout the longest the switch-over waits for the rebuilt model to reach the head while the
 *                      live processor is stopped; past it the rebuild fails and the live model resumes
 */
@ConfigurationProperties("custody.rebuild")
public record RebuildProperties(@DefaultValue Map<String, List<String>> tables,
                                @DefaultValue("1000") int batchSize,
                                @DefaultValue("60s") Duration switchTimeout) {
}
