package dev.muninn.node.cluster.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.cluster.ClusterView;
import dev.muninn.node.cluster.DatabaseNames;
import dev.muninn.node.cluster.DatabaseRecord;
import dev.muninn.node.cluster.NodeInfo;
import dev.muninn.node.cluster.commands.ClusterCommand;
import dev.muninn.node.cluster.commands.CommandResult;
import dev.muninn.node.cluster.commands.StateWriter;
import dev.muninn.node.storage.ServerStorage;
import jetbrains.exodus.env.Transaction;

/**
 * The cluster state in the server's Xodus environment. A command and the last-applied index are written in the
 * same transaction, so after a crash the state says exactly which log entries it already contains.
 */
public final class ClusterStore {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String APPLIED_INDEX = "applied-index";
    private static final String APPLIED_TERM = "applied-term";
    private static final String TOPOLOGY_ID = "topology-id";

    private final ServerStorage storage;

    public ClusterStore(ServerStorage storage) {
        this.storage = storage;
    }

    public long appliedIndex() {
        return storage.environment().read(txn -> storage.counter(txn, ServerStorage.CLUSTER_META, APPLIED_INDEX));
    }

    public long appliedTerm() {
        return storage.environment().read(txn -> storage.counter(txn, ServerStorage.CLUSTER_META, APPLIED_TERM));
    }

    /** Applies a command at (term, index), unless that entry is already in the state (a replay after restart). */
    public Optional<CommandResult> apply(ClusterCommand command, long term, long index) {
        return apply(new dev.muninn.node.cluster.commands.CommandEnvelope(null, command), term, index);
    }

    /**
     * As {@link #apply(ClusterCommand, long, long)}; a request id seen before returns the recorded result and
     * changes nothing. The last {@value #REMEMBERED_REQUESTS} request ids are remembered.
     */
    public Optional<CommandResult> apply(dev.muninn.node.cluster.commands.CommandEnvelope entry, long term,
                                         long index) {
        return storage.environment().write(txn -> {
            if (storage.counter(txn, ServerStorage.CLUSTER_META, APPLIED_INDEX) >= index) {
                return Optional.empty();
            }
            String requestId = entry.requestId();
            Optional<CommandResult> earlier = requestId == null ? Optional.empty() : requestResult(txn, requestId);
            CommandResult result = earlier.orElseGet(() -> entry.command().applyTo(new Writer(txn), index));
            if (requestId != null && earlier.isEmpty()) {
                rememberRequest(txn, requestId, result, index);
            }
            markApplied(txn, term, index);
            return Optional.of(result);
        });
    }

    static final int REMEMBERED_REQUESTS = 10_000;

    /** The result recorded for a request id, if that request was applied. */
    public Optional<CommandResult> requestResult(String requestId) {
        return storage.environment().read(txn -> requestResult(txn, requestId));
    }

    private Optional<CommandResult> requestResult(Transaction txn, String requestId) {
        return storage.get(txn, ServerStorage.RAFT_REQUESTS, requestId).map(bytes -> {
            try {
                return MAPPER.readValue(bytes, CommandResult.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private void rememberRequest(Transaction txn, String requestId, CommandResult result, long index) {
        try {
            storage.put(txn, ServerStorage.RAFT_REQUESTS, requestId, MAPPER.writeValueAsBytes(result));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        storage.put(txn, ServerStorage.RAFT_REQUEST_ORDER, String.format("%020d", index), requestId.getBytes());
        String oldest = String.format("%020d", index - REMEMBERED_REQUESTS);
        storage.head(txn, ServerStorage.RAFT_REQUEST_ORDER, 16).entrySet().stream()
                .filter(e -> e.getKey().compareTo(oldest) <= 0)
                .forEach(e -> {
                    storage.delete(txn, ServerStorage.RAFT_REQUESTS, new String(e.getValue()));
                    storage.delete(txn, ServerStorage.RAFT_REQUEST_ORDER, e.getKey());
                });
    }

    /** Moves the applied index over a log entry that carries no command (configuration changes, leader no-ops). */
    public void skip(long term, long index) {
        storage.environment().write(txn -> {
            if (storage.counter(txn, ServerStorage.CLUSTER_META, APPLIED_INDEX) < index) {
                markApplied(txn, term, index);
            }
            return null;
        });
    }

    private void markApplied(Transaction txn, long term, long index) {
        storage.putCounter(txn, ServerStorage.CLUSTER_META, APPLIED_INDEX, index);
        storage.putCounter(txn, ServerStorage.CLUSTER_META, APPLIED_TERM, term);
    }

    public ClusterView view() {
        return storage.environment().read(txn -> {
            Writer reader = new Writer(txn);
            return new ClusterView(reader.topologyId().orElse(null), reader.nodes(), reader.recordsByKey(),
                    storage.counter(txn, ServerStorage.CLUSTER_META, APPLIED_INDEX));
        });
    }

    /** One compare-exchange entry, as applied on this node. */
    public Optional<dev.muninn.node.cluster.CompareExchangeEntry> compareExchange(String database, String key) {
        return storage.environment().read(txn -> new Writer(txn).compareExchange(database, key));
    }

    /** A database's entries whose keys start with {@code prefix} (without case), from the {@code start}-th on. */
    public java.util.List<dev.muninn.node.cluster.CompareExchangeEntry> compareExchanges(String database, String prefix,
                                                                                         int start, int pageSize) {
        String from = dev.muninn.node.cluster.CompareExchangeEntry.storageKey(database, prefix);
        int limit = (int) Math.min(Integer.MAX_VALUE, (long) start + pageSize);
        return storage.environment().read(txn -> storage.range(txn, ServerStorage.COMPARE_EXCHANGE, from, from,
                        limit).values().stream().skip(start).map(CompareExchangeCodec::decode).toList());
    }

    /**
     * Up to {@code limit} committed cluster-wide transactions of a database after {@code afterIndex}, oldest
     * first, each with its Raft index as {@code Index}.
     */
    public java.util.List<ObjectNode> clusterTransactions(String database, long afterIndex, int limit) {
        String prefix = DatabaseNames.key(database) + "/";
        String from = clusterTransactionKey(database, afterIndex + 1);
        return storage.environment().read(txn -> storage.range(txn, ServerStorage.CLUSTER_TRANSACTIONS, prefix, from,
                limit).values().stream().map(ClusterStore::readObject).toList());
    }

    private static String clusterTransactionKey(String database, long index) {
        // Zero-padded so that key order is index order.
        return DatabaseNames.key(database) + "/" + String.format("%019d", index);
    }

    private static ObjectNode readObject(byte[] bytes) {
        try {
            return (ObjectNode) MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every registered client certificate, by thumbprint. */
    public Map<String, dev.muninn.node.security.CertificateDefinition> certificates() {
        return storage.environment().read(txn -> {
            Map<String, dev.muninn.node.security.CertificateDefinition> all = new LinkedHashMap<>();
            storage.all(txn, ServerStorage.CERTIFICATES).forEach((k, v) -> all.put(k, readCertificate(v)));
            return all;
        });
    }

    private static dev.muninn.node.security.CertificateDefinition readCertificate(byte[] bytes) {
        try {
            return MAPPER.readValue(bytes, dev.muninn.node.security.CertificateDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whole state as one JSON document: the content of a Raft snapshot. */
    public byte[] dump() {
        return storage.environment().read(txn -> {
            ObjectNode json = MAPPER.createObjectNode();
            json.put("AppliedIndex", storage.counter(txn, ServerStorage.CLUSTER_META, APPLIED_INDEX));
            json.put("AppliedTerm", storage.counter(txn, ServerStorage.CLUSTER_META, APPLIED_TERM));
            Writer reader = new Writer(txn);
            reader.topologyId().ifPresent(id -> json.put("TopologyId", id));
            json.set("Nodes", MAPPER.valueToTree(reader.nodes()));
            ObjectNode records = json.putObject("Records");
            reader.recordsByKey().forEach((key, record) -> records.set(key, RecordCodec.toJson(record)));
            ObjectNode compareExchange = json.putObject("CompareExchange");
            storage.all(txn, ServerStorage.COMPARE_EXCHANGE).forEach((key, bytes) -> compareExchange.set(key,
                    CompareExchangeCodec.toJson(CompareExchangeCodec.decode(bytes))));
            ObjectNode certificates = json.putObject("Certificates");
            storage.all(txn, ServerStorage.CERTIFICATES).forEach((key, bytes) -> certificates.set(key,
                    readObject(bytes)));
            ObjectNode transactions = json.putObject("ClusterTransactions");
            storage.all(txn, ServerStorage.CLUSTER_TRANSACTIONS).forEach((key, bytes) -> transactions.set(key,
                    readObject(bytes)));
            try {
                return MAPPER.writeValueAsBytes(json);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** A digest of the whole state (SHA-256 of the dump): equal on every node that applied the same entries. */
    public String hash() {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(dump());
            return java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Replaces the whole state with a snapshot's content. */
    public void load(byte[] snapshot) {
        try {
            ObjectNode json = (ObjectNode) MAPPER.readTree(snapshot);
            storage.environment().write(txn -> {
                storage.clear(txn, ServerStorage.CLUSTER_META);
                storage.clear(txn, ServerStorage.CLUSTER_NODES);
                storage.clear(txn, ServerStorage.DATABASE_RECORDS);
                storage.clear(txn, ServerStorage.RAFT_REQUESTS);
                storage.clear(txn, ServerStorage.RAFT_REQUEST_ORDER);
                storage.clear(txn, ServerStorage.COMPARE_EXCHANGE);
                storage.clear(txn, ServerStorage.CLUSTER_TRANSACTIONS);
                storage.clear(txn, ServerStorage.CERTIFICATES);
                Writer writer = new Writer(txn);
                if (json.hasNonNull("TopologyId")) {
                    writer.topologyId(json.get("TopologyId").asText());
                }
                json.path("Nodes").forEach(node -> writer.putNode(MAPPER.convertValue(node, NodeInfo.class)));
                json.path("Records").forEach(record -> writer.putRecord(RecordCodec.fromJson(record)));
                json.path("CompareExchange").forEach(entry -> writer.putCompareExchange(CompareExchangeCodec.fromJson(entry)));
                json.path("Certificates").fields().forEachRemaining(entry -> storage.put(txn,
                        ServerStorage.CERTIFICATES, entry.getKey(), write(entry.getValue())));
                json.path("ClusterTransactions").fields().forEachRemaining(entry -> storage.put(txn,
                        ServerStorage.CLUSTER_TRANSACTIONS, entry.getKey(), write(entry.getValue())));
                markApplied(txn, json.path("AppliedTerm").asLong(), json.path("AppliedIndex").asLong());
                return null;
            });
        } catch (IOException e) {
            throw new UncheckedIOException("Corrupt cluster snapshot", e);
        }
    }

    /** The StateWriter over one transaction. */
    private final class Writer implements StateWriter {
        private final Transaction txn;

        Writer(Transaction txn) {
            this.txn = txn;
        }

        @Override
        public Optional<String> topologyId() {
            return storage.get(txn, ServerStorage.CLUSTER_META, TOPOLOGY_ID).map(String::new);
        }

        @Override
        public void topologyId(String id) {
            storage.put(txn, ServerStorage.CLUSTER_META, TOPOLOGY_ID, id.getBytes());
        }

        @Override
        public Map<String, NodeInfo> nodes() {
            Map<String, NodeInfo> nodes = new LinkedHashMap<>();
            storage.all(txn, ServerStorage.CLUSTER_NODES).forEach((tag, bytes) -> nodes.put(tag, read(bytes)));
            return nodes;
        }

        @Override
        public void putNode(NodeInfo node) {
            try {
                storage.put(txn, ServerStorage.CLUSTER_NODES, node.tag(), MAPPER.writeValueAsBytes(node));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void removeNode(String tag) {
            storage.delete(txn, ServerStorage.CLUSTER_NODES, tag);
        }

        @Override
        public Optional<DatabaseRecord> record(String name) {
            return storage.get(txn, ServerStorage.DATABASE_RECORDS, DatabaseNames.key(name)).map(RecordCodec::decode);
        }

        @Override
        public Map<String, DatabaseRecord> records() {
            return recordsByKey();
        }

        Map<String, DatabaseRecord> recordsByKey() {
            Map<String, DatabaseRecord> records = new LinkedHashMap<>();
            storage.all(txn, ServerStorage.DATABASE_RECORDS).forEach((k, v) -> records.put(k, RecordCodec.decode(v)));
            return records;
        }

        @Override
        public void putRecord(DatabaseRecord record) {
            storage.put(txn, ServerStorage.DATABASE_RECORDS, DatabaseNames.key(record.name()),
                    RecordCodec.encode(record));
        }

        @Override
        public void removeRecord(String name) {
            storage.delete(txn, ServerStorage.DATABASE_RECORDS, DatabaseNames.key(name));
        }

        @Override
        public Optional<dev.muninn.node.cluster.CompareExchangeEntry> compareExchange(String database, String key) {
            return storage.get(txn, ServerStorage.COMPARE_EXCHANGE,
                    dev.muninn.node.cluster.CompareExchangeEntry.storageKey(database, key)).map(CompareExchangeCodec::decode);
        }

        @Override
        public void putCompareExchange(dev.muninn.node.cluster.CompareExchangeEntry entry) {
            storage.put(txn, ServerStorage.COMPARE_EXCHANGE,
                    dev.muninn.node.cluster.CompareExchangeEntry.storageKey(entry.database(), entry.key()),
                    CompareExchangeCodec.encode(entry));
        }

        @Override
        public void deleteCompareExchange(String database, String key) {
            storage.delete(txn, ServerStorage.COMPARE_EXCHANGE,
                    dev.muninn.node.cluster.CompareExchangeEntry.storageKey(database, key));
        }

        @Override
        public void deleteCompareExchanges(String database) {
            String prefix = dev.muninn.node.cluster.CompareExchangeEntry.databasePrefix(database);
            Map<String, byte[]> batch;
            do {
                batch = storage.range(txn, ServerStorage.COMPARE_EXCHANGE, prefix, prefix, 1024);
                batch.keySet().forEach(k -> storage.delete(txn, ServerStorage.COMPARE_EXCHANGE, k));
            } while (!batch.isEmpty());
        }

        @Override
        public Optional<dev.muninn.node.security.CertificateDefinition> certificate(String thumbprint) {
            return storage.get(txn, ServerStorage.CERTIFICATES, thumbprint.toUpperCase(java.util.Locale.ROOT))
                    .map(ClusterStore::readCertificate);
        }

        @Override
        public void putCertificate(dev.muninn.node.security.CertificateDefinition definition) {
            try {
                storage.put(txn, ServerStorage.CERTIFICATES, definition.thumbprint(),
                        MAPPER.writeValueAsBytes(definition));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void deleteCertificate(String thumbprint) {
            storage.delete(txn, ServerStorage.CERTIFICATES, thumbprint.toUpperCase(java.util.Locale.ROOT));
        }

        @Override
        public void putClusterTransaction(String database, long index, ObjectNode transaction) {
            storage.put(txn, ServerStorage.CLUSTER_TRANSACTIONS, clusterTransactionKey(database, index),
                    write(transaction));
        }

        @Override
        public void deleteClusterTransactions(String database) {
            String prefix = DatabaseNames.key(database) + "/";
            Map<String, byte[]> batch;
            do {
                batch = storage.range(txn, ServerStorage.CLUSTER_TRANSACTIONS, prefix, prefix, 1024);
                batch.keySet().forEach(k -> storage.delete(txn, ServerStorage.CLUSTER_TRANSACTIONS, k));
            } while (!batch.isEmpty());
        }

        private NodeInfo read(byte[] bytes) {
            try {
                return MAPPER.readValue(bytes, NodeInfo.class);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static byte[] write(com.fasterxml.jackson.databind.JsonNode json) {
        try {
            return MAPPER.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
