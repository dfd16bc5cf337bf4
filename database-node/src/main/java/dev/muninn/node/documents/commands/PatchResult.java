package dev.muninn.node.documents.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Outcome of a PATCH; {@code status} uses RavenDB's PatchStatus names. */
public record PatchResult(String id, Status status, String changeVector, long lastModifiedTicks,
                          ObjectNode modifiedDocument, PatchDocument.Debug debug) {
    public enum Status { DocumentDoesNotExist, Created, Patched, Skipped, NotModified }
}
