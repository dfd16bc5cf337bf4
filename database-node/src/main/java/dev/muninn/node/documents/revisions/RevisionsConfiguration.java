package dev.muninn.node.documents.revisions;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

import dev.muninn.node.documents.TimeSpans;

/**
 * A database's revisions configuration, as the client's ConfigureRevisionsOperation sends it:
 * {@code {"Default":{…},"Collections":{"Orders":{…}}}}, each with {@code Disabled}, {@code MinimumRevisionsToKeep},
 * {@code MinimumRevisionAgeToKeep} (a TimeSpan) and {@code PurgeOnDelete}. A collection's own entry wins over the
 * default; no entry (or a disabled one) means no revisions for that collection.
 */
public final class RevisionsConfiguration {
    public static final RevisionsConfiguration NONE = new RevisionsConfiguration(null, Map.of());

    /**
     * What to keep for one collection. A revision is removed only when both limits that are set allow it: there are
     * more than {@code minimumToKeep} newer ones, and it is older than {@code minimumAge}. Neither set: keep all.
     */
    public record CollectionPolicy(Long minimumToKeep, Duration minimumAge, boolean purgeOnDelete) {
        public boolean limitsAnything() {
            return minimumToKeep != null || minimumAge != null;
        }
    }

    private final CollectionPolicy defaults;
    private final Map<String, Optional<CollectionPolicy>> collections;

    private RevisionsConfiguration(CollectionPolicy defaults, Map<String, Optional<CollectionPolicy>> collections) {
        this.defaults = defaults;
        this.collections = collections;
    }

    /** @throws IllegalArgumentException when a value has the wrong shape */
    public static RevisionsConfiguration from(JsonNode config) {
        if (config == null || config.isNull() || config.isMissingNode()) {
            return NONE;
        }
        if (!config.isObject()) {
            throw new IllegalArgumentException("The revisions configuration must be a JSON object");
        }
        Map<String, Optional<CollectionPolicy>> collections = new HashMap<>();
        JsonNode perCollection = config.path("Collections");
        if (!perCollection.isMissingNode() && !perCollection.isNull() && !perCollection.isObject()) {
            throw new IllegalArgumentException("Collections must be an object of collection name to configuration");
        }
        perCollection.fields().forEachRemaining(entry ->
                collections.put(entry.getKey().toLowerCase(Locale.ROOT), policy(entry.getValue(), entry.getKey())));
        return new RevisionsConfiguration(policy(config.path("Default"), "Default").orElse(null), collections);
    }

    private static Optional<CollectionPolicy> policy(JsonNode node, String name) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("Revisions configuration '" + name + "' must be an object");
        }
        if (node.path("Disabled").asBoolean(false)) {
            return Optional.empty();
        }
        JsonNode keep = node.path("MinimumRevisionsToKeep");
        if (!keep.isMissingNode() && !keep.isNull() && !(keep.canConvertToLong() && keep.asLong() >= 0)) {
            throw new IllegalArgumentException("MinimumRevisionsToKeep of '" + name + "' must be a number >= 0");
        }
        JsonNode age = node.path("MinimumRevisionAgeToKeep");
        Duration minimumAge = age.isMissingNode() || age.isNull() ? null : TimeSpans.parse(age.asText());
        return Optional.of(new CollectionPolicy(keep.isMissingNode() || keep.isNull() ? null : keep.asLong(),
                minimumAge, node.path("PurgeOnDelete").asBoolean(false)));
    }

    /** The policy for {@code collection}, or empty when its documents get no revisions. */
    public Optional<CollectionPolicy> forCollection(String collection) {
        Optional<CollectionPolicy> own = collections.get(collection.toLowerCase(Locale.ROOT));
        if (own != null) {
            return own;
        }
        return Optional.ofNullable(defaults);
    }
}
