package dev.muninn.node.documents.attachments;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.documents.DocumentFlags;
import dev.muninn.node.documents.Json;
import dev.muninn.node.documents.Metadata;
import dev.muninn.node.storage.StoredDocument;

/**
 * Attachments live in two places: their list in the document's own {@code @metadata} ({@code @attachments}, which
 * the server owns: a client's copy is ignored and the stored one carried over), and their bytes in a content store
 * keyed by hash. Keeping the list in the document makes it travel with every version: replication, revisions and
 * conflicts need nothing extra but the bytes.
 */
public final class Attachments {
    static final String KEY = "@attachments";

    private Attachments() {
    }

    /** Base64 SHA-256 of the content: the key of the content store. */
    public static String hash(byte[] content) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /** The attachments a stored body lists, in name order (empty for a body without any). */
    public static List<AttachmentInfo> listedIn(byte[] body) {
        if (body.length == 0) {
            return List.of();
        }
        JsonNode list = Json.parseObject(body).path(Metadata.KEY).path(KEY);
        List<AttachmentInfo> attachments = new ArrayList<>();
        list.forEach(entry -> attachments.add(AttachmentInfo.fromJson(entry)));
        return attachments;
    }

    public static Optional<AttachmentInfo> find(StoredDocument document, String name) {
        if ((document.flags() & DocumentFlags.HAS_ATTACHMENTS) == 0) {
            return Optional.empty();
        }
        return listedIn(document.body()).stream().filter(a -> a.name().equalsIgnoreCase(name)).findFirst();
    }

    /**
     * A new body for a document about to replace {@code previous}: the previous version's attachments stay (a put
     * does not drop them; the server owns that list).
     */
    public static byte[] carryOver(byte[] newBody, StoredDocument previous) {
        if (previous == null || (previous.flags() & DocumentFlags.HAS_ATTACHMENTS) == 0) {
            return newBody;
        }
        return withList(newBody, listedIn(previous.body()));
    }

    /** {@code body} with its {@code @attachments} set to {@code attachments} (removed when empty), by name. */
    static byte[] withList(byte[] body, List<AttachmentInfo> attachments) {
        ObjectNode document = Json.parseObject(body);
        ObjectNode metadata = document.with(Metadata.KEY);
        if (attachments.isEmpty()) {
            metadata.remove(KEY);
        } else {
            ArrayNode list = metadata.putArray(KEY);
            attachments.stream().sorted(Comparator.comparing(a -> a.name().toLowerCase(Locale.ROOT)))
                    .forEach(a -> list.add(a.toJson()));
        }
        return Json.bytes(document);
    }
}
