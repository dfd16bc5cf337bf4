package dev.muninn.node.replication.incoming;

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
import dev.muninn.node.storage.StoredDocument;

/**
 * A database's conflict solver (RavenDB's ConflictSolverConfig): a JavaScript resolver per collection (it gets the
 * conflicting versions as {@code docs} and returns the merged document, or null to delete), else the authoritative
 * node ({@code AuthoritativeNode}: the version that node wrote last wins), else "resolve to latest", else none (the
 * conflict waits for a manual resolution). A failing script leaves the conflict in place.
 *
 * <p>Every rule depends only on the versions themselves, never on which member resolves, so members that resolve the
 * same conflict independently reach the same content (their resolutions then merge as identical).
 */
public final class ConflictResolver {
    private static final Logger LOG = Logger.getLogger(ConflictResolver.class);
    public static final ConflictResolver NONE = new ConflictResolver(null, false, null, Map.of());

    /** The outcome: a body to store, or an empty body for a delete. */
    public record Resolution(String collection, byte[] body) {
    }

    private final JsSandbox sandbox;
    private final boolean resolveToLatest;
    private final String authoritativeNode;
    private final Map<String, String> scripts;

    ConflictResolver(JsSandbox sandbox, boolean resolveToLatest, String authoritativeNode,
                     Map<String, String> scripts) {
        this.sandbox = sandbox;
        this.resolveToLatest = resolveToLatest;
        this.authoritativeNode = authoritativeNode;
        this.scripts = scripts;
    }

    /**
     * From the record's {@code ConflictSolverConfig}: {@code {"ResolveByCollection":{…},"ResolveToLatest":…,
     * "AuthoritativeNode":"A"}} (the last is Muninn's; RavenDB 4.0 had a database id there).
     */
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
        String authoritative = config.path("AuthoritativeNode").asText("").trim();
        return new ConflictResolver(sandbox, config.path("ResolveToLatest").asBoolean(false),
                authoritative.isEmpty() ? null : authoritative, scripts);
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
        if (authoritativeNode != null) {
            Optional<StoredDocument> written = writtenLastBy(authoritativeNode, versions);
            if (written.isPresent()) {
                return Optional.of(new Resolution(written.get().collection(), written.get().body()));
            }
        }
        if (resolveToLatest) {
            StoredDocument latest = versions.stream().max(Comparator.comparingLong(StoredDocument::lastModifiedTicks)
                    .thenComparing(StoredDocument::changeVector)).orElseThrow();
            return Optional.of(new Resolution(latest.collection(), latest.body()));
        }
        return Optional.empty();
    }

    /**
     * The version carrying the highest etag of {@code nodeTag} in its change vector, i.e. the one that node wrote (or
     * accepted) last; empty when no version is ahead of the others for that node (it wrote none of them).
     */
    static Optional<StoredDocument> writtenLastBy(String nodeTag, List<StoredDocument> versions) {
        StoredDocument best = null;
        long bestEtag = -1;
        boolean tied = false;
        for (StoredDocument version : versions) {
            long etag = dev.muninn.node.documents.ChangeVector.parse(version.changeVector()).entries().stream()
                    .filter(e -> e.nodeTag().equals(nodeTag)).mapToLong(
                            dev.muninn.node.documents.ChangeVector.Entry::etag).max().orElse(0);
            if (etag > bestEtag) {
                best = version;
                bestEtag = etag;
                tied = false;
            } else if (etag == bestEtag) {
                tied = true;
            }
        }
        return tied || bestEtag <= 0 ? Optional.empty() : Optional.ofNullable(best);
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
            JsonNode result = sandbox.evaluate(script, Map.of("docs", docs), null, sandbox.defaultLimits());
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
