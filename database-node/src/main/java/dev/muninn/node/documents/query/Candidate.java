package dev.muninn.node.documents.query;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A document that passed {@link Query#matches} and now waits to be ordered. */
public record Candidate(String documentId, ObjectNode document) {
}
