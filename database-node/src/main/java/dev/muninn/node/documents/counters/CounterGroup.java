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
 * <p>A delete records, per database, the contribution it saw ({@code deleted}: its etag and value); a contribution
 * at or below that etag no longer counts, and one above it counts only for what it added since. So an increment
 * after the delete brings the counter back holding only what was added since, on whichever member it was made,
 * concurrent with the delete or not. Deletes merge by keeping, per database, the one that saw the higher etag. Both
 * halves are joins of per-database maxima, so merging is commutative, associative and idempotent: members converge
 * whatever the order in which they exchange copies. Totals are held at the ends of the 64-bit range instead of
 * overflowing when members' parts add up past it; a local increment that would take them there is refused.
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
        /** Per database, the contribution a delete saw: only what it added since counts. */
        final Map<String, Contribution> deleted = new HashMap<>();

        Counter(String name) {
            this.name = name;
        }

        boolean counts(String databaseId, Contribution contribution) {
            Contribution seen = deleted.get(databaseId);
            return seen == null || contribution.etag() > seen.etag();
        }

        /** What a database's contribution adds to the total now (0 when a delete saw all of it). */
        long part(String databaseId, Contribution contribution) {
            if (!counts(databaseId, contribution)) {
                return 0;
            }
            Contribution seen = deleted.get(databaseId);
            return seen == null ? contribution.value() : contribution.value() - seen.value();
        }

        boolean isLive() {
            return values.entrySet().stream().anyMatch(e -> counts(e.getKey(), e.getValue()));
        }

        /**
         * The total, held at the ends of the 64-bit range rather than failing: members' parts that each fit can add
         * up past it, and a read or a merge must still work (a local increment is refused before it gets there).
         */
        long total() {
            long total = 0;
            for (Map.Entry<String, Contribution> entry : values.entrySet()) {
                total = saturatedAdd(total, part(entry.getKey(), entry.getValue()));
            }
            return total;
        }
    }

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        if (((a ^ sum) & (b ^ sum)) < 0) {
            return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return sum;
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
                counter.values.put(value.getKey(), contribution(value.getValue(), name, "the contribution of "
                        + value.getKey()));
            }
            Iterator<Map.Entry<String, JsonNode>> deleted = entry.path(DELETED).fields();
            while (deleted.hasNext()) {
                Map.Entry<String, JsonNode> value = deleted.next();
                counter.deleted.put(value.getKey(), contribution(value.getValue(), name, "what a delete saw of "
                        + value.getKey()));
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

    private static Contribution contribution(JsonNode pair, String counter, String what) {
        if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isIntegralNumber() || !pair.get(0).canConvertToLong()
                || !pair.get(1).isIntegralNumber() || !pair.get(1).canConvertToLong()) {
            throw new IllegalArgumentException("Counter '" + counter + "': " + what + " must be [etag, value]");
        }
        return new Contribution(pair.get(0).asLong(), pair.get(1).asLong());
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
                counter.deleted.forEach((databaseId, c) -> deleted.putArray(databaseId).add(c.etag()).add(c.value()));
            }
        });
        return json;
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /**
     * Adds {@code delta} to this database's contribution, made at {@code etag}, which must be at least the etag of its
     * contribution so far (one write may change a counter twice) and above what a delete saw of it
     * (IllegalArgumentException otherwise: the change would not count); returns the counter's new total.
     * ArithmeticException, and nothing changed, when this database's part or the total as this member sees it would
     * pass the 64-bit range.
     */
    public long increment(String name, long delta, String databaseId, long etag) {
        Counter counter = counters.get(key(name));
        boolean created = counter == null;
        if (created) {
            counter = new Counter(name);
        }
        Contribution own = counter.values.get(databaseId);
        Contribution seen = counter.deleted.get(databaseId);
        if ((own != null && own.etag() > etag) || (seen != null && seen.etag() >= etag)) {
            throw new IllegalArgumentException("Counter '" + name + "': etag " + etag + " is not above "
                    + databaseId + "'s last one");
        }
        boolean existed = counter.isLive();
        long value = Math.addExact(own == null ? 0 : own.value(), delta);
        long before = counter.total();
        long part = own == null ? 0 : counter.part(databaseId, own);
        long after = counter.part(databaseId, new Contribution(etag, value));
        Math.addExact(Math.subtractExact(before, part), after); // the total this member would show must fit
        counter.values.put(databaseId, new Contribution(etag, value));
        if (created) {
            counters.put(key(name), counter);
        }
        noteChange(key(name), existed ? ChangeType.Increment : ChangeType.Put);
        return counter.total();
    }

    /** Deletes a counter as this member sees it now; false when it did not exist. */
    public boolean delete(String name) {
        Counter counter = counters.get(key(name));
        if (counter == null || !counter.isLive()) {
            return false;
        }
        counter.values.forEach((databaseId, c) -> counter.deleted.merge(databaseId, c,
                (a, b) -> a.etag() >= b.etag() ? a : b));
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
                    parts.put(databaseId, counter.part(databaseId, c));
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
            for (Map.Entry<String, Contribution> deleted : theirs.deleted.entrySet()) {
                Contribution mine = ours.deleted.get(deleted.getKey());
                if (mine == null || mine.etag() < deleted.getValue().etag()) {
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

    /**
     * The highest etag this group holds for {@code databaseId} (its contributions and what deletes saw of them): a
     * copy from another member can hold no etag of this database above its last one.
     */
    public long highestEtagOf(String databaseId) {
        long highest = 0;
        for (Counter counter : counters.values()) {
            Contribution own = counter.values.get(databaseId);
            Contribution seen = counter.deleted.get(databaseId);
            highest = Math.max(highest, Math.max(own == null ? 0 : own.etag(), seen == null ? 0 : seen.etag()));
        }
        return highest;
    }

    @Override
    public String toString() {
        return toJson().toString();
    }
}
