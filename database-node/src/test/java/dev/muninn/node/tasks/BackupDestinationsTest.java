package dev.muninn.node.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import dev.muninn.node.documents.Json;

/** Which destinations a backup configuration names, and the reasons one is refused before anything runs. */
class BackupDestinationsTest {
    private static java.util.List<BackupDestination> of(String json) {
        return BackupDestinations.of(Json.parseObject(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void aLocalFolderMustBeAnAbsolutePathGivenAsAString() {
        // Finding F6: a FolderPath of 5 was taken as the relative path "5", under the node's working directory.
        assertThatThrownBy(() -> of("{\"LocalSettings\":{\"FolderPath\":5}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be a string");
        assertThatThrownBy(() -> of("{\"LocalSettings\":{\"FolderPath\":{\"a\":1}}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be a string");
        assertThatThrownBy(() -> of("{\"LocalSettings\":{\"FolderPath\":\"backups/shop\"}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be an absolute path");
        assertThatThrownBy(() -> of("{\"LocalSettings\":{\"FolderPath\":\"/a\\u0000b\"}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not a path");
        assertThat(of("{\"LocalSettings\":{\"FolderPath\":\"/var/backups/shop\"}}")).singleElement()
                .isInstanceOfSatisfying(LocalFolderDestination.class, local -> assertThat(local.folder())
                        .isEqualTo(Path.of("/var/backups/shop")));
    }

    @Test
    void noUsableDestinationIsRefused() {
        for (String json : new String[]{"{}", "{\"LocalSettings\":{\"FolderPath\":\"\"}}",
                "{\"LocalSettings\":{\"FolderPath\":null}}",
                "{\"LocalSettings\":{\"FolderPath\":\"/x\",\"Disabled\":true}}"}) {
            assertThatThrownBy(() -> of(json)).as(json).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("A destination is required");
        }
    }
}
