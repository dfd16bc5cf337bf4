package dev.muninn.node.documents.attachments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.documents.Json;

/** One entry of a document's {@code @attachments} metadata: the content is found by its hash. */
public record AttachmentInfo(String name, String hash, String contentType, long size) {
    static AttachmentInfo fromJson(JsonNode json) {
        return new AttachmentInfo(json.path("Name").asText(), json.path("Hash").asText(),
                json.path("ContentType").asText(""), json.path("Size").asLong());
    }

    ObjectNode toJson() {
        ObjectNode json = Json.object();
        json.put("Name", name).put("Hash", hash).put("ContentType", contentType).put("Size", size);
        return json;
    }
}
