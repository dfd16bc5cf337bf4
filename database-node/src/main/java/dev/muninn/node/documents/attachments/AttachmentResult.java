package dev.muninn.node.documents.attachments;

/**
 * What an attachment write did to {@code name}: put or deleted {@code attachment} (null: a delete of a name the document does not
 * have), and the document's new change vector (null when nothing changed).
 */
public record AttachmentResult(boolean deleted, String documentId, String name, AttachmentInfo attachment,
                               String documentChangeVector) {
}
