package dev.muninn.node.documents;

import java.util.StringJoiner;

/** RavenDB's {@code @flags} values, as bits. */
public final class DocumentFlags {
    public static final int HAS_REVISIONS = 1;
    public static final int HAS_ATTACHMENTS = 2;
    public static final int RESOLVED = 4;
    /** A stored revision (a copy of a past version), never a live document. */
    public static final int REVISION = 8;
    /** The revision that records a delete. */
    public static final int DELETE_REVISION = 16;
    /** The document has counters; {@code @counters} in its metadata names them. */
    public static final int HAS_COUNTERS = 32;

    private DocumentFlags() {
    }

    public static String describe(int flags) {
        StringJoiner text = new StringJoiner(", ");
        if ((flags & HAS_REVISIONS) != 0) {
            text.add("HasRevisions");
        }
        if ((flags & HAS_ATTACHMENTS) != 0) {
            text.add("HasAttachments");
        }
        if ((flags & HAS_COUNTERS) != 0) {
            text.add("HasCounters");
        }
        if ((flags & RESOLVED) != 0) {
            text.add("Resolved");
        }
        if ((flags & REVISION) != 0) {
            text.add("Revision");
        }
        if ((flags & DELETE_REVISION) != 0) {
            text.add("DeleteRevision");
        }
        return text.toString();
    }
}
