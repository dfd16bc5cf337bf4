package dev.muninn.node.cluster;

import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A compare-exchange entry: a cluster-wide key of one database with its value ({@code {"Object": ..., "@metadata":
 * ...}} as the client sends it) and the Raft index of the change that wrote it — the index a compare-and-set must
 * name. Keys compare without case, as in RavenDB; the casing of the first write is kept.
 */
public record CompareExchangeEntry(String database, String key, long index, JsonNode value) {

    /** The storage key: database and key, lower-cased, so a prefix scan finds one database's entries in key order. */
    public static String storageKey(String database, String key) {
        return DatabaseNames.key(database) + "/" + key.toLowerCase(Locale.ROOT);
    }

    public static String databasePrefix(String database) {
        return DatabaseNames.key(database) + "/";
    }
}
