package dev.muninn.node.documents;

import java.util.Set;

/** Metadata keys of the RavenDB document format. */
public final class Metadata {
    public static final String KEY = "@metadata";
    public static final String ID = "@id";
    public static final String COLLECTION = "@collection";
    public static final String CHANGE_VECTOR = "@change-vector";
    public static final String LAST_MODIFIED = "@last-modified";
    public static final String FLAGS = "@flags";
    public static final String EMPTY_COLLECTION = "@empty";
    public static final String HILO_COLLECTION = "@hilo";

    /** Keys the server computes on every write; whatever the client sends for them is ignored. */
    public static final Set<String> SERVER_OWNED = Set.of(ID, CHANGE_VECTOR, LAST_MODIFIED, FLAGS, COLLECTION,
            "@attachments", "@counters", "@timeseries", "@index-score", "@projection", "@nested-object-types-for");

    private Metadata() {
    }
}
