package dev.muninn.node.documents.replicated;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.documents.Document;
import dev.muninn.node.documents.Json;
import dev.muninn.node.script.JsSandbox;
import dev.muninn.node.script.ScriptException;
import dev.muninn.node.script.ScriptLimits;
import dev.muninn.node.storage.StoredDocument;

/**
 * A database's conflict solver (RavenDB's ConflictSolverConfig): a JavaScript resolver per collection (it gets the
 * conflicting versions as {@code docs} and returns the merged document, or null to delete), else "resolve to
 * latest", else none (the conflict waits for a manual resolution). A failing script leaves the conflict in place.
 */
public final class ConflictResolver {
    private static final Logger LOG = Logger.getLogger(ConflictResolver.class);
    public static final ConflictResolver NONE = new ConflictResolver(null, false, Map.of());

    /** The outcome: a body to store, or an empty body for a delete. */
    public record Resolution(String collection, byte[] body) {
    }

    private final JsSandbox sandbox;
    private final boolean resolveToLatest;
    private final Map<String, String> scripts;

    ConflictResolver(JsSandbox sandbox, boolean resolveToLatest, Map<String, String> scripts) {
        this.sandbox = sandbox;
        this.resolveToLatest = resolveToLatest;
        this.scripts = scripts;
    }

    /** From the record's {@code ConflictSolverConfig} ({@code {"ResolveByCollection":{…},"ResolveToLatest":…}}). */
    public static ConflictResolver from(JsonNode config, JsSandbox sandbox) {
        if (config == null || config.isNull() || config.isMissingNode()) {
            return NONE;
        }
        Map<String, String> scripts = new HashMap<>();
        config.path("ResolveByCollection").fields().forEachRemaining(entry -> {
            String script = entry.getValue().path("Script").asText("");
            if (!script.isBlank()) {
                scripts.put(entry.getKey().toLowerCase(Locale.ROOT), script);
            }
        });
        return new ConflictResolver(sandbox, config.path("ResolveToLatest").asBoolean(false), scripts);
    }

    public Optional<Resolution> resolve(List<StoredDocument> versions) {
        if (versions.size() < 2) {
            return Optional.empty();
        }
        String collection = versions.stream().filter(v -> v.body().length > 0).map(StoredDocument::collection)
                .findFirst().orElse(versions.get(0).collection());
        String script = scripts.get(collection.toLowerCase(Locale.ROOT));
        if (script != null && sandbox != null) {
            return byScript(script, collection, versions);
        }
        if (resolveToLatest) {
            StoredDocument latest = versions.stream().max(Comparator.comparingLong(StoredDocument::lastModifiedTicks)
                    .thenComparing(StoredDocument::changeVector)).orElseThrow();
            return Optional.of(new Resolution(latest.collection(), latest.body()));
        }
        return Optional.empty();
    }

    private Optional<Resolution> byScript(String script, String collection, List<StoredDocument> versions) {
        ArrayNode docs = Json.MAPPER.createArrayNode();
        for (StoredDocument version : versions) {
            if (version.body().length == 0) {
                docs.addNull();
            } else {
                docs.add(Document.of(version).toJson());
            }
        }
        try {
            JsonNode result = sandbox.evaluate(script, Map.of("docs", docs), null, ScriptLimits.DEFAULT);
            if (result == null || result.isNull()) {
                return Optional.of(new Resolution(collection, new byte[0]));
            }
            if (!(result instanceof ObjectNode merged)) {
                LOG.warnf("event=conflict-script-bad-result collection=%s", collection);
                return Optional.empty();
            }
            if (!merged.path("@metadata").has("@collection")) {
                merged.with("@metadata").put("@collection", collection);
            }
            return Optional.of(new Resolution(collection,
                    dev.muninn.node.documents.commands.PutDocument.bodyBytes(merged)));
        } catch (ScriptException e) {
            LOG.warnf("event=conflict-script-failed collection=%s reason=%s", collection, e.getMessage());
            return Optional.empty();
        }
    }
}
