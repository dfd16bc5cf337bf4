package dev.muninn.node.documents.commands;

/** Whether a document was there to delete; the tombstone's change vector when it was. */
public record DeleteResult(String id, boolean deleted, String changeVector) {
}
