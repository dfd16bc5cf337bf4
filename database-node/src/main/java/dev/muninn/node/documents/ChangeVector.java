package dev.muninn.node.documents;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * A change vector in RavenDB's text form: {@code A:17-dbid, B:4-dbid2}. Each entry says "this version
 * includes every change up to etag N made by database instance dbid (on node tag)". Immutable; entries are
 * kept sorted by database id so that equal vectors have equal text.
 */
public final class ChangeVector {
    public static final ChangeVector EMPTY = new ChangeVector(List.of());

    /** One entry: the node tag is informative, the database id is the identity. */
    public record Entry(String nodeTag, long etag, String databaseId) {
        @Override
        public String toString() {
            return nodeTag + ":" + etag + "-" + databaseId;
        }
    }

    /** How two versions of a document relate. */
    public enum Order { EQUAL, NEWER, OLDER, CONFLICT }

    private final List<Entry> entries;

    private ChangeVector(List<Entry> sortedEntries) {
        this.entries = sortedEntries;
    }

    public static ChangeVector parse(String text) {
        if (text == null || text.isBlank()) {
            return EMPTY;
        }
        List<Entry> parsed = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            int colon = p.indexOf(':');
            int dash = p.indexOf('-', colon + 1);
            if (colon <= 0 || dash <= colon + 1 || dash == p.length() - 1) {
                throw new IllegalArgumentException("Invalid change vector entry '" + p + "' in '" + text + "'");
            }
            long etag;
            try {
                etag = Long.parseLong(p.substring(colon + 1, dash));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Invalid etag in change vector entry '" + p + "'", e);
            }
            parsed.add(new Entry(p.substring(0, colon), etag, p.substring(dash + 1)));
        }
        return of(parsed);
    }

    private static ChangeVector of(List<Entry> entries) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparing(Entry::databaseId));
        return new ChangeVector(Collections.unmodifiableList(sorted));
    }

    public List<Entry> entries() {
        return entries;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public long etagOf(String databaseId) {
        for (Entry e : entries) {
            if (e.databaseId().equals(databaseId)) {
                return e.etag();
            }
        }
        return 0;
    }

    /** This vector with the entry for {@code databaseId} raised to {@code etag}. */
    public ChangeVector with(String nodeTag, long etag, String databaseId) {
        List<Entry> result = new ArrayList<>(entries.size() + 1);
        boolean replaced = false;
        for (Entry e : entries) {
            if (e.databaseId().equals(databaseId)) {
                result.add(new Entry(nodeTag, Math.max(etag, e.etag()), databaseId));
                replaced = true;
            } else {
                result.add(e);
            }
        }
        if (!replaced) {
            result.add(new Entry(nodeTag, etag, databaseId));
        }
        return of(result);
    }

    /** Entry-wise maximum: a version that includes everything either side includes. */
    public ChangeVector merge(ChangeVector other) {
        ChangeVector result = this;
        for (Entry e : other.entries) {
            result = result.with(e.nodeTag(), e.etag(), e.databaseId());
        }
        return result;
    }

    /** Compares as version vectors: NEWER when this includes all of other and more. */
    public Order compareTo(ChangeVector other) {
        boolean thisAhead = false;
        boolean otherAhead = false;
        for (Entry e : entries) {
            long theirs = other.etagOf(e.databaseId());
            thisAhead |= e.etag() > theirs;
            otherAhead |= e.etag() < theirs;
        }
        for (Entry e : other.entries) {
            otherAhead |= etagOf(e.databaseId()) < e.etag();
        }
        if (thisAhead && otherAhead) {
            return Order.CONFLICT;
        }
        return thisAhead ? Order.NEWER : otherAhead ? Order.OLDER : Order.EQUAL;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChangeVector other && entries.equals(other.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (Entry e : entries) {
            if (!text.isEmpty()) {
                text.append(", ");
            }
            text.append(e);
        }
        return text.toString();
    }
}
