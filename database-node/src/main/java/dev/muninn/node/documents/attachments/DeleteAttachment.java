package dev.muninn.node.documents.attachments;

import java.util.ArrayList;
import java.util.List;

import dev.muninn.node.documents.WriteContext;
import dev.muninn.node.documents.WriteOperation;
import dev.muninn.node.storage.StoredDocument;

/** Removes an attachment from an existing document (a new version of it); an unknown name changes nothing. */
public record DeleteAttachment(String documentId, String name, String expectedChangeVector)
        implements WriteOperation<AttachmentResult> {

    @Override
    public AttachmentResult execute(WriteContext context) {
        StoredDocument document = PutAttachment.existing(context, documentId, expectedChangeVector);
        List<AttachmentInfo> attachments = new ArrayList<>(Attachments.listedIn(document.body()));
        AttachmentInfo removed = attachments.stream().filter(a -> a.name().equalsIgnoreCase(name)).findFirst()
                .orElse(null);
        if (removed == null) {
            return new AttachmentResult(true, document.id(), name, null, null);
        }
        attachments.remove(removed);
        return new AttachmentResult(true, document.id(), removed.name(), removed,
                PutAttachment.rewrite(context, document, attachments));
    }
}
