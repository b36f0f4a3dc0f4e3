package io.custody.infra.audit;

import io.custody.infra.config.CustodyProperties;
import io.custody.infra.support.TestServices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code custody.audit.key-file}: where the key lives, bound as the server binds it. */
class AuditKeyFileTest {

    @TempDir
    Path tmp;

    @Test
    void the_key_file_property_puts_the_generated_key_outside_the_data_directory() {
        Path keyFile = tmp.resolve("secrets").resolve("custody-audit.key");
        Map<String, String> props = Map.of("custody.data-dir", tmp.resolve("data").toString(),
                "custody.audit.key-file", keyFile.toString());

        AuditKey created = resolve(props, true);

        assertThat(keyFile).exists();
        assertThat(tmp.resolve("data").resolve(AuditKey.FILE_NAME)).doesNotExist();
        assertThat(resolve(props, false).id()).isEqualTo(created.id());
    }

    @Test
    void the_key_file_is_readable_by_its_owner_only_and_leaves_no_temporary_file() throws Exception {
        assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"));
        Path keyFile = tmp.resolve("audit.key");

        resolve(Map.of("custody.data-dir", tmp.resolve("data").toString(), "custody.audit.key-file", keyFile.toString()),
                true);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        try (var files = Files.list(tmp)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("audit.key");
        }
    }

    @Test
    void without_the_property_the_key_is_generated_into_the_data_directory() {
        Path data = tmp.resolve("data");

        resolve(Map.of("custody.data-dir", data.toString()), true);

        assertThat(data.resolve(AuditKey.FILE_NAME)).exists();
    }

    @Test
    void an_existing_key_file_is_kept_as_it_is() throws Exception {
        Path keyFile = tmp.resolve("audit.key");
        Files.writeString(keyFile, TestServices.newAuditKey());
        String before = Files.readString(keyFile);

        resolve(Map.of("custody.data-dir", tmp.toString(), "custody.audit.key-file", keyFile.toString()), true);

        assertThat(Files.readString(keyFile)).isEqualTo(before);
    }

    @Test
    void with_external_services_a_missing_key_file_is_refused_not_invented() {
        Path keyFile = tmp.resolve("absent.key");

        assertThatThrownBy(() -> resolve(Map.of("custody.embedded.enabled", "false",
                "custody.audit.key-file", keyFile.toString()), true))
                .hasMessageContaining(keyFile.toString());
        assertThat(keyFile).doesNotExist();
    }

    private static AuditKey resolve(Map<String, String> properties, boolean create) {
        Binder binder = new Binder(new MapConfigurationPropertySource(properties));
        AuditProperties audit = binder.bindOrCreate("custody.audit", AuditProperties.class);
        CustodyProperties custody = binder.bindOrCreate("custody", CustodyProperties.class);
        return AuditKey.resolve(audit.key(), audit.keyFile(), custody.embedded().enabled(), custody.dataDir(), create);
    }
}
