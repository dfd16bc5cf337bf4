package dev.muninn.node.documents.counters;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.documents.Json;

/**
 * The counters of one document as a state-based CRDT (ADR 0040). Each counter keeps one contribution per database
 * (the member that made it, by database id): its running value and the etag of that member's last change to it.
 * Only a member changes its own contribution, and its etags only grow, so two copies merge by keeping, per database,
 * the contribution with the higher etag: concurrent increments on different members both survive and add up.
 *
 * <p>A delete records, per database, the etag of the contribution it saw ({@code deleted}); a contribution at or
 * below that etag no longer counts. An increment after the delete starts its member's contribution again from zero,
 * with a higher etag, so it counts (the counter comes back, holding only what was added since). Deletes merge by
 * keeping the higher etag per database. Both halves are joins of per-database maxima, so merging is commutative,
 * associative and idempotent: members converge whatever the order in which they exchange copies.
 *
 * <p>Counter names are case-insensitive and keep the casing they were first given. Not thread-safe: one write
 * operation changes a group at a time.
 */
public final class CounterGroup {
    private static final String COUNTERS = "Counters";
    private static final String NAME = "Name";
    private static final String VALUES = "Values";
    private static final String DELETED = "Deleted";
    private static final String CHANGES = "Changes";

    /** How a counter changed in the write that stored a group (what the changes API tells). */
    public enum ChangeType { Put, Increment, Delete }

    /** One database's part of a counter: its running total and the etag of its last change. */
    public record Contribution(long etag, long value) {
    }

    private static final class Counter {
        String name;
        final Map<String, Contribution> values = new HashMap<>();
        final Map<String, Long> deleted = new HashMap<>();

        Counter(String name) {
            this.name = name;
        }

        boolean counts(String databaseId, Contribution contribution) {
            return contribution.etag() > deleted.getOrDefault(databaseId, 0L);
        }

        boolean isLive() {
            return values.entrySet().stream().anyMatch(e -> counts(e.getKey(), e.getValue()));
        }

        long total() {
            long total = 0;
            for (Map.Entry<String, Contribution> entry : values.entrySet()) {
                if (counts(entry.getKey(), entry.getValue())) {
                    total = Math.addExact(total, entry.getValue().value());
                }
            }
            return total;
        }
    }

    private final Map<String, Counter> counters = new LinkedHashMap<>();
    /**
     * The counters the write that stored this copy changed, by lower-cased name: stored with the group for the
     * changes API, not part of the state (no merge reads it, equality ignores it; a receiver records its own).
     */
    private final Map<String, ChangeType> changes = new LinkedHashMap<>();

    public static CounterGroup empty() {
        return new CounterGroup();
    }

    /** Reads a group as {@link #toBytes()} wrote it (IllegalArgumentException when it is not one). */
    public static CounterGroup parse(byte[] bytes) {
        return parse(Json.parseObject(bytes));
    }

    /** Reads a group from its JSON form (a replicated one is checked: it comes from the network). */
    public static CounterGroup parse(JsonNode json) {
        CounterGroup group = new CounterGroup();
        JsonNode list = json.path(COUNTERS);
        if (!list.isObject()) {
            throw new IllegalArgumentException("A counter group needs a " + COUNTERS + " object");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = list.fields();
        while (fields.hasNext()) {
            JsonNode entry = fields.next().getValue();
            String name = entry.path(NAME).asText("");
            if (name.isEmpty()) {
                throw new IllegalArgumentException("A counter in a counter group needs a " + NAME);
            }
            Counter counter = new Counter(name);
            Iterator<Map.Entry<String, JsonNode>> values = entry.path(VALUES).fields();
            while (values.hasNext()) {
                Map.Entry<String, JsonNode> value = values.next();
                JsonNode pair = value.getValue();
                if (!pair.isArray() || pair.size() != 2 || !pair.get(0).canConvertToLong()
                        || !pair.get(1).canConvertToLong()) {
                    throw new IllegalArgumentException("Counter '" + name + "': the contribution of " + value.getKey()
                            + " must be [etag, value]");
                }
                counter.values.put(value.getKey(), new Contribution(pair.get(0).asLong(), pair.get(1).asLong()));
            }
            Iterator<Map.Entry<String, JsonNode>> deleted = entry.path(DELETED).fields();
            while (deleted.hasNext()) {
                Map.Entry<String, JsonNode> value = deleted.next();
                if (!value.getValue().canConvertToLong()) {
                    throw new IllegalArgumentException("Counter '" + name + "': a delete etag must be a number");
                }
                counter.deleted.put(value.getKey(), value.getValue().asLong());
            }
            group.counters.put(key(name), counter);
        }
        Iterator<Map.Entry<String, JsonNode>> changed = json.path(CHANGES).fields();
        while (changed.hasNext()) {
            Map.Entry<String, JsonNode> change = changed.next();
            for (ChangeType type : ChangeType.values()) {
                if (type.name().equals(change.getValue().asText())) {
                    group.changes.put(change.getKey(), type);
                }
            }
        }
        return group;
    }

    public byte[] toBytes() {
        ObjectNode json = toJson();
        if (!changes.isEmpty()) {
            ObjectNode changed = json.putObject(CHANGES);
            changes.forEach((key, type) -> changed.put(key, type.name()));
        }
        return Json.bytes(json);
    }

    /** The state (without the changes of the last write). */
    public ObjectNode toJson() {
        ObjectNode json = Json.object();
        ObjectNode list = json.putObject(COUNTERS);
        counters.forEach((key, counter) -> {
            ObjectNode entry = list.putObject(key);
            entry.put(NAME, counter.name);
            ObjectNode values = entry.putObject(VALUES);
            counter.values.forEach((databaseId, c) -> values.putArray(databaseId).add(c.etag()).add(c.value()));
            if (!counter.deleted.isEmpty()) {
                ObjectNode deleted = entry.putObject(DELETED);
                counter.deleted.forEach(deleted::put);
            }
        });
        return json;
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /**
     * Adds {@code delta} to this database's contribution, made at {@code etag} (higher than any it made before);
     * returns the counter's new total. ArithmeticException when the total or the contribution would overflow.
     */
    public long increment(String name, long delta, String databaseId, long etag) {
        Counter counter = counters.computeIfAbsent(key(name), k -> new Counter(name));
        Contribution own = counter.values.get(databaseId);
        boolean existed = counter.isLive();
        long base = own != null && counter.counts(databaseId, own) ? own.value() : 0;
        Contribution updated = new Contribution(etag, Math.addExact(base, delta));
        counter.values.put(databaseId, updated);
        try {
            long total = counter.total();
            noteChange(key(name), existed ? ChangeType.Increment : ChangeType.Put);
            return total;
        } catch (ArithmeticException e) {
            if (own == null) {
                counter.values.remove(databaseId);
            } else {
                counter.values.put(databaseId, own);
            }
            throw e;
        }
    }

    /** Deletes a counter as this member sees it now; false when it did not exist. */
    public boolean delete(String name) {
        Counter counter = counters.get(key(name));
        if (counter == null || !counter.isLive()) {
            return false;
        }
        counter.values.forEach((databaseId, c) -> counter.deleted.merge(databaseId, c.etag(), Math::max));
        changes.put(key(name), ChangeType.Delete);
        return true;
    }

    /** The counter's total, empty when it does not exist (never created, or deleted). */
    public OptionalLong value(String name) {
        Counter counter = counters.get(key(name));
        return counter == null || !counter.isLive() ? OptionalLong.empty() : OptionalLong.of(counter.total());
    }

    /** The counter's name as first given (empty when it does not exist). */
    public java.util.Optional<String> nameOf(String name) {
        Counter counter = counters.get(key(name));
        return counter == null || !counter.isLive() ? java.util.Optional.empty()
                : java.util.Optional.of(counter.name);
    }

    /** Each database's part of the counter's total (only parts that count), by database id. */
    public Map<String, Long> contributions(String name) {
        Counter counter = counters.get(key(name));
        Map<String, Long> parts = new java.util.TreeMap<>();
        if (counter != null) {
            counter.values.forEach((databaseId, c) -> {
                if (counter.counts(databaseId, c)) {
                    parts.put(databaseId, c.value());
                }
            });
        }
        return parts;
    }

    /** The counters that exist, by name, in case-insensitive order (what {@code @counters} lists). */
    public List<String> liveNames() {
        List<String> names = new ArrayList<>();
        for (Counter counter : counters.values()) {
            if (counter.isLive()) {
                names.add(counter.name);
            }
        }
        names.sort(Comparator.comparing(CounterGroup::key));
        return names;
    }

    /**
     * Merges another member's copy into this one (per database: the higher etag's contribution, the higher delete
     * etag); true when this copy changed.
     */
    public boolean merge(CounterGroup other) {
        boolean changed = false;
        for (Map.Entry<String, Counter> entry : other.counters.entrySet()) {
            Counter theirs = entry.getValue();
            Counter ours = counters.get(entry.getKey());
            OptionalLong before = value(entry.getKey());
            if (ours == null) {
                ours = new Counter(theirs.name);
                counters.put(entry.getKey(), ours);
                changed = true;
            } else if (theirs.name.compareTo(ours.name) < 0) {
                ours.name = theirs.name; // two members that named it in different casings agree on one
                changed = true;
            }
            for (Map.Entry<String, Contribution> value : theirs.values.entrySet()) {
                Contribution mine = ours.values.get(value.getKey());
                if (mine == null || mine.etag() < value.getValue().etag()) {
                    ours.values.put(value.getKey(), value.getValue());
                    changed = true;
                }
            }
            for (Map.Entry<String, Long> deleted : theirs.deleted.entrySet()) {
                Long mine = ours.deleted.get(deleted.getKey());
                if (mine == null || mine < deleted.getValue()) {
                    ours.deleted.put(deleted.getKey(), deleted.getValue());
                    changed = true;
                }
            }
            OptionalLong after = value(entry.getKey());
            if (!before.equals(after)) {
                noteChange(entry.getKey(), after.isEmpty() ? ChangeType.Delete
                        : before.isEmpty() ? ChangeType.Put : ChangeType.Increment);
            }
        }
        return changed;
    }

    private void noteChange(String key, ChangeType type) {
        // a counter created and then incremented in one write was created
        changes.merge(key, type, (previous, now) -> previous == ChangeType.Put && now == ChangeType.Increment
                ? ChangeType.Put : now);
    }

    /** Forgets the changes of the write that stored this copy: the next write records its own. */
    public void clearChanges() {
        changes.clear();
    }

    /** The counters the write that stored this copy changed, and how, by name as given. */
    public Map<String, ChangeType> changes() {
        Map<String, ChangeType> named = new LinkedHashMap<>();
        changes.forEach((key, type) -> named.put(counters.containsKey(key) ? counters.get(key).name : key, type));
        return named;
    }

    /** Same state (tests compare members with it). */
    @Override
    public boolean equals(Object other) {
        return other instanceof CounterGroup group && toJson().equals(group.toJson());
    }

    @Override
    public int hashCode() {
        return toJson().hashCode();
    }

    /** Unused names kept for their deletes are part of the state; an empty group has no counter at all. */
    public boolean isEmpty() {
        return counters.isEmpty();
    }

    @Override
    public String toString() {
        return toJson().toString();
    }
}
