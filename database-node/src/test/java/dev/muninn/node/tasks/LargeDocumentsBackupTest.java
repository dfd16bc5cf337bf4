package dev.muninn.node.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.documents.DatabaseInstance;
import dev.muninn.node.documents.Json;
import dev.muninn.node.documents.attachments.Attachments;
import dev.muninn.node.documents.attachments.PutAttachment;
import dev.muninn.node.documents.commands.PutDocument;

/** Documents and attachments past a Xodus log file (ADR 0034) go through JSON backups and snapshots whole. */
class LargeDocumentsBackupTest {
    private static final int MB = 1 << 20;

    @TempDir
    Path dir;

    private static String letters(int size, long seed) {
        Random random = new Random(seed);
        char[] chars = new char[size];
        for (int i = 0; i < size; i++) {
            chars[i] = (char) ('a' + random.nextInt(26));
        }
        return new String(chars);
    }

    @Test
    void aJsonBackupAndASnapshotRestoreLargeDocumentsAndAttachments() throws Exception {
        String big = letters(25 * MB, 1);
        byte[] attachment = new byte[10 * MB];
        new Random(2).nextBytes(attachment);
        try (DatabaseInstance source = DatabaseInstance.open("source", "A", dir.resolve("source"), true, 1024)) {
            ObjectNode doc = Json.object().put("data", big);
            doc.putObject("@metadata").put("@collection", "Blobs");
            source.write(new PutDocument("blobs/1", doc, null, 32L * MB));
            source.write(new PutAttachment("blobs/1", "a.bin", "application/octet-stream", null, attachment));
            ObjectNode json = DatabaseBackup.write(source, dir.resolve("json"), 0, progress -> { });
            ObjectNode snapshot = DatabaseSnapshot.write(source, dir.resolve("snapshots"), progress -> { });
            String changeVector = source.get("blobs/1").orElseThrow().changeVector();
            Files.createDirectories(dir.resolve("Databases"));
            for (Path file : List.of(
                    dir.resolve("json").resolve(json.path("LocalBackup").path("FileName").asText()),
                    dir.resolve("snapshots").resolve(snapshot.path("LocalBackup").path("FileName").asText()))) {
                String name = "restored-" + file.getParent().getFileName();
                try (DatabaseInstance restored = DatabaseInstance.open(name, "B",
                        dir.resolve("Databases").resolve(name), true, 1024)) {
                    DatabaseRestore.apply(restored, List.of(file), progress -> { });
                    var document = restored.get("blobs/1").orElseThrow();
                    assertThat(document.changeVector()).isEqualTo(changeVector);
                    assertThat(Json.parseObject(document.body()).path("data").asText().equals(big))
                            .as("the 25 MB field restored from " + file.getFileName()).isTrue();
                    byte[] content = restored.read(r -> r.attachmentContent(Attachments.hash(attachment)))
                            .orElseThrow();
                    assertThat(content).isEqualTo(attachment);
                }
            }
        }
    }
}
