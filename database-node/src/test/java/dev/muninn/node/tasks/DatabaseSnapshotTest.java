package dev.muninn.node.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.documents.DatabaseInstance;
import dev.muninn.node.documents.Json;
import dev.muninn.node.documents.commands.Batch;
import dev.muninn.node.documents.commands.PutDocument;

/** A snapshot holds every write committed before it, and restores into a database with the same versions. */
class DatabaseSnapshotTest {
    @TempDir
    Path dir;

    /** In transactions of 100, as sessions write. */
    private static void write(DatabaseInstance db, String prefix, int count) {
        for (int start = 0; start < count; start += 100) {
            List<dev.muninn.node.documents.WriteOperation<?>> puts = new ArrayList<>();
            for (int i = start; i < Math.min(count, start + 100); i++) {
                ObjectNode doc = Json.object().put("Name", prefix + i);
                doc.putObject("@metadata").put("@collection", "Items");
                puts.add(new PutDocument(prefix + i, doc, null, 1 << 20));
            }
            db.write(new Batch(puts));
        }
    }

    @Test
    void aSnapshotHoldsEveryCommittedWriteAndRestoresTheSameVersions() throws Exception {
        try (DatabaseInstance source = DatabaseInstance.open("source", "A", dir.resolve("source"), true, 1024)) {
            write(source, "a/", 300);
            DatabaseBackup.write(source, dir.resolve("json"), 0, progress -> { });
            ObjectNode first = DatabaseSnapshot.write(source, dir.resolve("backups"), progress -> { });
            write(source, "b/", 200);
            ObjectNode second = DatabaseSnapshot.write(source, dir.resolve("backups"), progress -> { });
            Files.createDirectories(dir.resolve("Databases"));
            for (Object[] expected : new Object[][]{{first, 300L}, {second, 500L}}) {
                ObjectNode result = (ObjectNode) expected[0];
                Path file = dir.resolve("backups").resolve(result.path("LocalBackup").path("FileName").asText());
                String name = "restored-" + expected[1];
                try (DatabaseInstance restored = DatabaseInstance.open(name, "B", dir.resolve("Databases").resolve(name),
                        true, 1024)) {
                    DatabaseRestore.apply(restored, List.of(file), progress -> { });
                    long documents = restored.read(r -> r.countDocuments());
                    assertThat(documents).isEqualTo(expected[1]);
                    assertThat(restored.get("a/7").orElseThrow().changeVector())
                            .isEqualTo(source.get("a/7").orElseThrow().changeVector());
                }
            }
        }
    }
}
