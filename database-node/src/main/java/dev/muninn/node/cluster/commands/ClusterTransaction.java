package dev.muninn.node.cluster.commands;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.cluster.CompareExchangeEntry;
import dev.muninn.node.cluster.DatabaseRecord;

/**
 * A session's cluster-wide transaction ({@code TransactionMode.CLUSTER_WIDE}): its compare-exchange changes and its
 * documents, decided in one Raft entry. Every compare-exchange change names the index it expects; so does every
 * document, through its atomic guard {@code rvn-atomic/<id>} — a compare-exchange entry whose index is the Raft
 * index of the transaction that last wrote the document, found in the document's change vector as
 * {@code RAFT:<index>-<database topology id>}. Either all expectations hold and everything is applied, or nothing
 * is and the caller learns every violation. The documents are kept in the cluster state for the database's
 * instances to apply, each exactly once and in index order, with the same change vector on every node.
 *
 * @param documents       PUT ({@code Id}, {@code Document}) and DELETE ({@code Id}) commands with the
 *                        {@code OriginalChangeVector} the session read, if any
 * @param compareExchange CompareExchangePUT ({@code Id}, {@code Index}, {@code Document}) and CompareExchangeDELETE
 *                        ({@code Id}, {@code Index}) commands
 * @param atomicGuards    false when the session disabled atomic document writes
 */
public record ClusterTransaction(String database, List<ObjectNode> documents, List<ObjectNode> compareExchange,
                                 boolean atomicGuards) implements ClusterCommand {
    public static final String ATOMIC_GUARD_PREFIX = "rvn-atomic/";
    public static final String RAFT_TAG = "RAFT";

    @Override
    public CommandResult applyTo(StateWriter state, long index) {
        DatabaseRecord record = state.record(database).orElse(null);
        if (record == null) {
            return CommandResult.refused("NoSuchDatabase", "Database '" + database + "' does not exist", index);
        }
        ArrayNode violations = MAPPER.createArrayNode();
        for (ObjectNode change : compareExchange) {
            String key = change.path("Id").asText();
            long expected = change.path("Index").asLong(0);
            long actual = state.compareExchange(database, key).map(CompareExchangeEntry::index).orElse(0L);
            if (expected != actual) {
                violations.add(violation(key, "CompareExchange", expected, actual));
            }
        }
        if (atomicGuards) {
            for (ObjectNode document : documents) {
                String id = document.path("Id").asText();
                long expected = raftIndexIn(document.path("OriginalChangeVector").asText(null), record.topologyId());
                long actual = guard(state, id).map(CompareExchangeEntry::index).orElse(0L);
                if (expected != actual) {
                    violations.add(violation(id, "Document", expected, actual));
                }
            }
        }
        if (!violations.isEmpty()) {
            ObjectNode details = MAPPER.createObjectNode();
            details.set("ConcurrencyViolations", violations);
            return CommandResult.refused("ClusterTransactionConcurrency", "Failed to execute cluster transaction due to "
                    + "the following issues: " + describe(violations), index, details);
        }
        for (ObjectNode change : compareExchange) {
            String key = change.path("Id").asText();
            if ("CompareExchangeDELETE".equals(change.path("Type").asText())) {
                state.deleteCompareExchange(database, key);
            } else {
                state.putCompareExchange(new CompareExchangeEntry(database, key, index, change.path("Document")));
            }
        }
        if (atomicGuards) {
            for (ObjectNode document : documents) {
                String guardKey = ATOMIC_GUARD_PREFIX + document.path("Id").asText().toLowerCase(Locale.ROOT);
                if ("DELETE".equals(document.path("Type").asText())) {
                    state.deleteCompareExchange(database, guardKey);
                } else {
                    ObjectNode value = MAPPER.createObjectNode();
                    value.putObject("Object").put("Id", document.path("Id").asText());
                    state.putCompareExchange(new CompareExchangeEntry(database, guardKey, index, value));
                }
            }
        }
        if (!documents.isEmpty()) {
            ObjectNode transaction = MAPPER.createObjectNode();
            transaction.put("Index", index);
            transaction.put("DatabaseTopologyId", record.topologyId());
            ArrayNode list = transaction.putArray("Documents");
            documents.forEach(list::add);
            state.putClusterTransaction(database, index, transaction);
        }
        return CommandResult.ok(index);
    }

    private Optional<CompareExchangeEntry> guard(StateWriter state, String id) {
        return state.compareExchange(database, ATOMIC_GUARD_PREFIX + id.toLowerCase(Locale.ROOT));
    }

    /** The etag of the {@code RAFT:<etag>-<topologyId>} entry of a change vector; 0 when it has none. */
    public static long raftIndexIn(String changeVector, String topologyId) {
        if (changeVector == null || changeVector.isBlank()) {
            return 0;
        }
        String suffix = "-" + topologyId;
        for (String part : changeVector.split(",")) {
            String entry = part.trim();
            if (entry.startsWith(RAFT_TAG + ":") && entry.endsWith(suffix)) {
                try {
                    return Long.parseLong(entry.substring(RAFT_TAG.length() + 1, entry.length() - suffix.length()));
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 0;
    }

    private static ObjectNode violation(String id, String type, long expected, long actual) {
        ObjectNode violation = MAPPER.createObjectNode();
        violation.put("Id", id);
        violation.put("Type", type);
        violation.put("Expected", expected);
        violation.put("Actual", actual);
        return violation;
    }

    private static String describe(ArrayNode violations) {
        StringBuilder text = new StringBuilder();
        for (JsonNode v : violations) {
            if (!text.isEmpty()) {
                text.append("; ");
            }
            text.append(v.path("Type").asText().equals("Document") ? "Guard for document '" : "Compare exchange key '")
                    .append(v.path("Id").asText()).append("' was expected at index ").append(v.path("Expected").asLong())
                    .append(" but is at ").append(v.path("Actual").asLong());
        }
        return text.toString();
    }
}
