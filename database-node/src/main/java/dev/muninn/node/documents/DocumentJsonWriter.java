package dev.muninn.node.documents;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Writes a stored document to a response without building a tree: the stored bytes are copied token by token and
 * the server-owned metadata is added to {@code @metadata} on the way. This is the hot path of loads.
 */
public final class DocumentJsonWriter {
    private DocumentJsonWriter() {
    }

    public static void write(JsonGenerator out, Document doc, boolean metadataOnly) throws IOException {
        try (JsonParser in = Json.MAPPER.getFactory().createParser(doc.body())) {
            if (in.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("Stored document " + doc.id() + " is not a JSON object");
            }
            out.writeStartObject();
            boolean metadataWritten = false;
            for (JsonToken token = in.nextToken(); token == JsonToken.FIELD_NAME; token = in.nextToken()) {
                String name = in.currentName();
                JsonToken value = in.nextToken();
                if (Metadata.KEY.equals(name) && value == JsonToken.START_OBJECT) {
                    out.writeFieldName(name);
                    out.writeStartObject();
                    while (in.nextToken() == JsonToken.FIELD_NAME) {
                        out.writeFieldName(in.currentName());
                        in.nextToken();
                        out.copyCurrentStructure(in);
                    }
                    writeServerMetadata(out, doc);
                    out.writeEndObject();
                    metadataWritten = true;
                } else if (metadataOnly) {
                    in.skipChildren();
                } else {
                    out.writeFieldName(name);
                    out.copyCurrentStructure(in);
                }
            }
            if (!metadataWritten) {
                out.writeObjectFieldStart(Metadata.KEY);
                writeServerMetadata(out, doc);
                out.writeEndObject();
            }
            out.writeEndObject();
        }
    }

    private static void writeServerMetadata(JsonGenerator out, Document doc) throws IOException {
        if (!Metadata.EMPTY_COLLECTION.equals(doc.collection())) {
            out.writeStringField(Metadata.COLLECTION, doc.collection());
        }
        out.writeStringField(Metadata.ID, doc.id());
        out.writeStringField(Metadata.CHANGE_VECTOR, doc.changeVector());
        out.writeStringField(Metadata.LAST_MODIFIED, Ticks.format(doc.lastModifiedTicks()));
        if (doc.flags() != 0) {
            out.writeStringField(Metadata.FLAGS, DocumentFlags.describe(doc.flags()));
        }
    }
}
