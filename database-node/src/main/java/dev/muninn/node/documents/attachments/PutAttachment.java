package dev.muninn.node.documents.attachments;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.muninn.node.documents.ChangeVector;
import dev.muninn.node.documents.DocumentDoesNotExistException;
import dev.muninn.node.documents.DocumentFlags;
import dev.muninn.node.documents.WriteContext;
import dev.muninn.node.documents.WriteOperation;
import dev.muninn.node.documents.commands.OptimisticConcurrency;
import dev.muninn.node.documents.revisions.Revisions;
import dev.muninn.node.storage.StoredDocument;

/**
 * Puts (or replaces) an attachment of an existing document: the bytes go to the content store, the document gets a
 * new version whose {@code @attachments} lists it. {@code expectedChangeVector} (optional) is the document's.
 */
public record PutAttachment(String documentId, String name, String contentType, String expectedChangeVector,
                            byte[] content) implements WriteOperation<AttachmentResult> {

    @Override
    public AttachmentResult execute(WriteContext context) {
        StoredDocument document = existing(context, documentId, expectedChangeVector);
        String hash = Attachments.hash(content);
        context.storage().putAttachmentContent(context.transaction(), hash, content);
        AttachmentInfo attachment = new AttachmentInfo(name, hash, contentType == null ? "" : contentType,
                content.length);
        List<AttachmentInfo> attachments = new ArrayList<>(Attachments.listedIn(document.body()));
        attachments.removeIf(a -> a.name().equalsIgnoreCase(name));
        attachments.add(attachment);
        String changeVector = rewrite(context, document, attachments);
        return new AttachmentResult(false, document.id(), name, attachment, changeVector);
    }

    static StoredDocument existing(WriteContext context, String documentId, String expectedChangeVector) {
        Optional<StoredDocument> document = context.get(documentId);
        if (document.isEmpty()) {
            throw new DocumentDoesNotExistException(documentId, "Cannot change the attachments of document '"
                    + documentId + "': it does not exist");
        }
        if (expectedChangeVector != null && !expectedChangeVector.isEmpty()) {
            OptimisticConcurrency.check(documentId, expectedChangeVector,
                    Optional.of(document.get().changeVector()));
        }
        return document.get();
    }

    /** Stores a new version of {@code document} with {@code attachments}; returns its change vector. */
    static String rewrite(WriteContext context, StoredDocument document, List<AttachmentInfo> attachments) {
        long etag = context.nextEtag();
        ChangeVector cv = context.localChangeVector(ChangeVector.parse(document.changeVector()), etag);
        int flags = attachments.isEmpty() ? document.flags() & ~DocumentFlags.HAS_ATTACHMENTS
                : document.flags() | DocumentFlags.HAS_ATTACHMENTS;
        var policy = Revisions.policyFor(context, document.collection());
        if (policy.isPresent()) {
            flags |= DocumentFlags.HAS_REVISIONS;
        }
        StoredDocument updated = new StoredDocument(document.id(), document.collection(), etag, cv.toString(),
                context.nowTicks(), flags, Attachments.withList(document.body(), attachments));
        context.put(updated, Optional.of(document), Optional.empty());
        policy.ifPresent(p -> Revisions.afterPut(context, updated, p));
        return cv.toString();
    }
}
