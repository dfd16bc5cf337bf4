package dev.muninn.node.http;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonGenerator;

import dev.muninn.node.documents.Document;
import dev.muninn.node.documents.DocumentJsonWriter;
import dev.muninn.node.documents.Json;

/** The body of a load by ids without includes: {@code {"Results":[doc or null, ...],"Includes":{}}}. */
final class LoadResults {
    private LoadResults() {
    }

    static void write(OutputStream out, List<Optional<Document>> docs, boolean metadataOnly) throws IOException {
        try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeArrayFieldStart("Results");
            for (Optional<Document> doc : docs) {
                if (doc.isPresent()) {
                    DocumentJsonWriter.write(json, doc.get(), metadataOnly);
                } else {
                    json.writeNull();
                }
            }
            json.writeEndArray();
            json.writeObjectFieldStart("Includes");
            json.writeEndObject();
            json.writeEndObject();
        }
    }
}
