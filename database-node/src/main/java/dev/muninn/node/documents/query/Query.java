package dev.muninn.node.documents.query;

import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A parsed, compiled RQL query, immutable and safe to share between threads. The caller scans the
 * collection ({@link #collection()}, null meaning all documents), keeps documents for which
 * {@link #matches} is true, sorts them with {@link #order()}, applies {@link #skip()} and
 * {@link #take()}, then {@link #project projects} and resolves {@link #includes()}.
 */
public final class Query {
    private final String collection;
    private final Predicate where;
    private final Comparator<Candidate> order;
    private final long skip;
    private final OptionalLong take;
    private final Projection projection;
    private final List<String> includes;
    private final String indexName;
    private final List<String> counterIncludes;

    Query(String collection, Predicate where, Comparator<Candidate> order, long skip, OptionalLong take,
            Projection projection, List<String> includes, String indexName, List<String> counterIncludes) {
        this.counterIncludes = counterIncludes;
        this.collection = collection;
        this.where = where;
        this.order = order;
        this.skip = skip;
        this.take = take;
        this.projection = projection;
        this.includes = List.copyOf(includes);
        this.indexName = indexName;
    }

    /** Collection name without quotes, e.g. "Users"; null for {@code from @all_docs}. */
    public String collection() {
        return collection;
    }

    /**
     * Evaluates the where clause against one document (its body including {@code @metadata}).
     * Does not check the collection: the caller already scans only the right one.
     */
    public boolean matches(String documentId, ObjectNode document) {
        if (where == null) {
            return true;
        }
        return where.test(documentId, document == null ? FieldPath.EMPTY_DOCUMENT : document);
    }

    /** Comparator for the order by clause, or null when the query has none (keep scan order). */
    public Comparator<Candidate> order() {
        return order;
    }

    public boolean hasOrder() {
        return order != null;
    }

    /** Number of matches to skip; 0 when absent. */
    public long skip() {
        return skip;
    }

    /** Maximum number of results; empty when there is no limit. */
    public OptionalLong take() {
        return take;
    }

    public boolean hasProjection() {
        return projection != null;
    }

    /**
     * Builds the projected result: only the selected fields under their aliases, nested paths
     * resolved, missing fields as JSON null. Without a select clause the document is returned as is.
     */
    public ObjectNode project(String documentId, ObjectNode document) {
        if (projection == null) {
            return document;
        }
        return projection.project(documentId, document == null ? FieldPath.EMPTY_DOCUMENT : document);
    }

    /** Paths named by {@code include}, as written (dotted, {@code []} kept); empty if none. */
    public List<String> includes() {
        return includes;
    }

    /** Counters to include with each result ({@code include counters(...)}): null for none, empty for all. */
    public List<String> counterIncludes() {
        return counterIncludes;
    }

    /** Display name of the (virtual) index serving the query, e.g. "Auto/Users/Byname". */
    public String indexName() {
        return indexName;
    }

    @Override
    public String toString() {
        return "Query[" + indexName + "]";
    }
}
