package dev.muninn.node.documents.commands;

/** What a PUT reports back: the stored id (server-generated ids resolved), collection, version and time. */
public record PutResult(String id, String collection, String changeVector, long lastModifiedTicks) {
}
