package dev.muninn.node.tasks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.documents.DatabaseInstance;
import dev.muninn.node.documents.Json;
import dev.muninn.node.documents.replicated.ApplyReplicatedItems;
import dev.muninn.node.replication.ReplicationBatch;

/**
 * Restores backup files into a fresh database instance, oldest first: each batch is applied as replication
 * applies it (change vectors kept, so the restored database is the source as of the last file), streamed so a large
 * backup is never held in memory.
 */
public final class DatabaseRestore {
    private DatabaseRestore() {
    }

    public static ObjectNode apply(DatabaseInstance database, List<Path> files, Operations.Progress progress) {
        long items = 0;
        for (Path file : files) {
            try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16);
                 JsonParser parser = Json.MAPPER.getFactory().createParser(in)) {
                expect(parser.nextToken(), JsonToken.START_OBJECT, file);
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    parser.nextToken();
                    if ("Header".equals(field)) {
                        JsonNode header = parser.readValueAsTree();
                        if (!header.has("Database")) {
                            throw new IOException(file + " is not a Muninn backup (no header)");
                        }
                    } else if ("Batches".equals(field)) {
                        while (parser.nextToken() == JsonToken.START_OBJECT) {
                            JsonNode batch = parser.readValueAsTree();
                            ReplicationBatch decoded = ReplicationBatch.decode(batch);
                            if (decoded.items().isEmpty()) {
                                continue;
                            }
                            database.write(new ApplyReplicatedItems(null, 0, decoded.items(), dev.muninn.node.documents.replicated.ConflictResolver.NONE,
                                    decoded.attachments()));
                            items += decoded.items().size();
                            ObjectNode state = Json.object();
                            state.put("Processed", items);
                            state.put("File", file.getFileName().toString());
                            progress.update(state);
                        }
                    } else {
                        parser.skipChildren();
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Restore from " + file + " failed: " + e.getMessage(), e);
            }
        }
        ObjectNode result = Json.object();
        result.putObject("Documents").put("ReadCount", items);
        result.put("FilesRestored", files.size());
        return result;
    }

    private static void expect(JsonToken token, JsonToken expected, Path file) throws IOException {
        if (token != expected) {
            throw new IOException(file + " is not a Muninn backup");
        }
    }
}
