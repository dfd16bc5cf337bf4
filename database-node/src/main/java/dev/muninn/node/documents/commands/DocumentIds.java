package dev.muninn.node.documents.commands;

import java.util.UUID;

import dev.muninn.node.documents.InvalidDocumentException;
import dev.muninn.node.documents.WriteContext;

/** RavenDB's id rules: explicit ids, {@code prefix/} for server-generated ids and {@code prefix|} for identities. */
public final class DocumentIds {
    public static final int MAX_LENGTH = 512;
    private static final String IDENTITY_META = "identity/";

    private DocumentIds() {
    }

    public static void validate(String id) {
        if (id == null || id.isBlank()) {
            throw new InvalidDocumentException("Document id must not be empty");
        }
        if (id.length() > MAX_LENGTH) {
            throw new InvalidDocumentException("Document id is " + id.length() + " characters long; the limit is "
                    + MAX_LENGTH + ": '" + id.substring(0, 40) + "…'");
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (Character.isISOControl(c)) {
                throw new InvalidDocumentException("Document id '" + id.replaceAll("\\p{Cntrl}", "?")
                        + "' contains a control character at position " + i);
            }
        }
    }

    /**
     * Turns the id a client asked for into the id to store: a missing id becomes a GUID, {@code users/} becomes
     * {@code users/0000000000000000042-A} (the etag the document gets) and {@code users|} the next identity.
     */
    public static String resolve(String requested, long etag, WriteContext context) {
        if (requested == null || requested.isEmpty()) {
            return UUID.randomUUID().toString();
        }
        if (requested.endsWith("/")) {
            return requested + String.format("%019d", etag) + "-" + context.nodeTag();
        }
        if (requested.endsWith("|")) {
            String prefix = requested.substring(0, requested.length() - 1);
            String key = IDENTITY_META + prefix.toLowerCase(java.util.Locale.ROOT);
            long next = context.storage().metaLong(context.transaction(), key) + 1;
            context.storage().putMetaLong(context.transaction(), key, next);
            return prefix + "/" + next;
        }
        return requested;
    }
}
