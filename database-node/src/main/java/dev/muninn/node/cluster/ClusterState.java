package dev.muninn.node.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.storage.ServerStorage;

/**
 * The cluster state kept in the server environment: node identity and database records, with an index that
 * grows with every change (the topology etag clients compare). On a single node every change commits locally;
 * the Raft layer (a later step) will route the same changes through its log before they reach this class.
 */
public final class ClusterState {
    public enum ChangeKind { CREATED, DELETED }

    /** A record change, published after it is durable. */
    public record Change(ChangeKind kind, DatabaseRecord record, boolean hardDelete) {
    }

    private static final String INDEX = "cluster-index";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final ServerStorage storage;
    private final NodeIdentity identity;
    private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();
    private final Map<String, DatabaseRecord> cache = new ConcurrentHashMap<>();
    private final String ownUrl;

    public ClusterState(ServerStorage storage, String ownUrl) {
        this.storage = storage;
        this.ownUrl = ownUrl;
        this.identity = storage.environment().write(txn -> {
            String serverId = storage.setting(txn, "server-id").orElseGet(() -> {
                String id = UUID.randomUUID().toString();
                storage.putSetting(txn, "server-id", id);
                return id;
            });
            String tag = storage.setting(txn, "node-tag").orElseGet(() -> {
                storage.putSetting(txn, "node-tag", "A");
                return "A";
            });
            String topologyId = storage.setting(txn, "topology-id").orElseGet(() -> {
                String id = UUID.randomUUID().toString();
                storage.putSetting(txn, "topology-id", id);
                return id;
            });
            return new NodeIdentity(serverId, tag, topologyId);
        });
        storage.environment().read(txn -> {
            storage.allRecords(txn).forEach(bytes -> {
                DatabaseRecord record = decode(bytes);
                cache.put(DatabaseNames.key(record.name()), record);
            });
            return null;
        });
    }

    /** The nodes of the cluster, tag → public URL, in tag order. */
    public Map<String, String> nodes() {
        return Map.of(identity.nodeTag(), ownUrl);
    }

    public String urlOf(String nodeTag) {
        return nodes().get(nodeTag);
    }

    public NodeIdentity identity() {
        return identity;
    }

    public void onChange(Consumer<Change> listener) {
        listeners.add(listener);
    }

    public long index() {
        return storage.environment().read(txn -> storage.counter(txn, INDEX));
    }

    /** Served from memory: every request checks its database's record (topology etag), so this is hot. */
    public Optional<DatabaseRecord> record(String name) {
        return Optional.ofNullable(cache.get(DatabaseNames.key(name)));
    }

    public List<DatabaseRecord> records() {
        List<DatabaseRecord> all = new ArrayList<>(cache.values());
        all.sort(java.util.Comparator.comparing(r -> DatabaseNames.key(r.name())));
        return all;
    }

    /** Adds a record; fails if one of that name exists. Returns the stored record with its etag. */
    public DatabaseRecord create(String name, int replicationFactor, ObjectNode settings) {
        DatabaseNames.validate(name);
        if (replicationFactor > nodes().size()) {
            throw new NotEnoughNodesException(name, replicationFactor, nodes().size());
        }
        DatabaseRecord created = storage.environment().write(txn -> {
            String key = DatabaseNames.key(name);
            if (storage.record(txn, key).isPresent()) {
                throw new DatabaseAlreadyExistsException(name);
            }
            long index = storage.counter(txn, INDEX) + 1;
            storage.putCounter(txn, INDEX, index);
            DatabaseRecord record = new DatabaseRecord(name, List.of(identity.nodeTag()),
                    Math.max(1, replicationFactor), settings.path("Disabled").asBoolean(false),
                    UUID.randomUUID().toString(), index, settings);
            storage.putRecord(txn, key, encode(record));
            return record;
        });
        cache.put(DatabaseNames.key(name), created);
        publish(new Change(ChangeKind.CREATED, created, false));
        return created;
    }

    /** Removes a record; returns the index of the change, or empty when it did not exist. */
    public Optional<Long> delete(String name, boolean hardDelete) {
        Optional<DatabaseRecord> removed = storage.environment().write(txn -> {
            String key = DatabaseNames.key(name);
            Optional<DatabaseRecord> existing = storage.record(txn, key).map(ClusterState::decode);
            if (existing.isPresent()) {
                storage.deleteRecord(txn, key);
                storage.putCounter(txn, INDEX, storage.counter(txn, INDEX) + 1);
            }
            return existing;
        });
        removed.ifPresent(record -> cache.remove(DatabaseNames.key(name)));
        removed.ifPresent(record -> publish(new Change(ChangeKind.DELETED, record, hardDelete)));
        return removed.map(r -> index());
    }

    private void publish(Change change) {
        listeners.forEach(listener -> listener.accept(change));
    }

    static byte[] encode(DatabaseRecord record) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("Name", record.name());
        ArrayNode members = json.putArray("Members");
        record.members().forEach(members::add);
        json.put("ReplicationFactor", record.replicationFactor());
        json.put("Disabled", record.disabled());
        json.put("TopologyId", record.topologyId());
        json.put("Etag", record.etag());
        json.set("Settings", record.settings());
        try {
            return MAPPER.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DatabaseRecord decode(byte[] bytes) {
        try {
            JsonNode json = MAPPER.readTree(bytes);
            List<String> members = new ArrayList<>();
            json.path("Members").forEach(m -> members.add(m.asText()));
            return new DatabaseRecord(json.path("Name").asText(), members, json.path("ReplicationFactor").asInt(1),
                    json.path("Disabled").asBoolean(false), json.path("TopologyId").asText(),
                    json.path("Etag").asLong(), (ObjectNode) json.path("Settings"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
