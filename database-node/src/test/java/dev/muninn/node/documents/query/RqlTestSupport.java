package dev.muninn.node.documents.query;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** JSON helpers for the query tests; the mapper reads floats as BigDecimal like the node's Json does. */
final class RqlTestSupport {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private RqlTestSupport() {
    }

    /** Parses JSON written with single quotes for readability. */
    static JsonNode json(String singleQuoted) {
        try {
            return MAPPER.readTree(singleQuoted.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(singleQuoted, e);
        }
    }

    static ObjectNode doc(String singleQuoted) {
        return (ObjectNode) json(singleQuoted);
    }

    static Query query(String rql) {
        return RqlParser.parse(rql, null);
    }

    static Query query(String rql, String singleQuotedParameters) {
        return RqlParser.parse(rql, json(singleQuotedParameters));
    }

    /** Ids of the documents that match, in input order; documents are given as id/json pairs. */
    static List<String> matching(Query query, String... idsAndDocs) {
        List<String> result = new ArrayList<>();
        for (int i = 0; i < idsAndDocs.length; i += 2) {
            if (query.matches(idsAndDocs[i], doc(idsAndDocs[i + 1]))) {
                result.add(idsAndDocs[i]);
            }
        }
        return result;
    }

    /** Runs the full pipeline (filter, sort, skip, take) and returns the resulting ids. */
    static List<String> run(Query query, String... idsAndDocs) {
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < idsAndDocs.length; i += 2) {
            ObjectNode document = doc(idsAndDocs[i + 1]);
            if (query.matches(idsAndDocs[i], document)) {
                candidates.add(new Candidate(idsAndDocs[i], document));
            }
        }
        if (query.hasOrder()) {
            candidates.sort(query.order());
        }
        List<String> ids = new ArrayList<>();
        long take = query.take().orElse(Long.MAX_VALUE);
        for (long i = query.skip(); i < candidates.size() && ids.size() < take; i++) {
            ids.add(candidates.get((int) i).documentId());
        }
        return ids;
    }
}
