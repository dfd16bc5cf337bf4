package dev.muninn.operator.model;

import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.operator.api.v1alpha1.spec.ConflictSolver;
import dev.muninn.operator.api.v1alpha1.spec.Revisions;
import dev.muninn.operator.api.v1alpha1.spec.RevisionsCollection;

/**
 * A MuninnDatabase's conflict solver and revisions as the node stores them (the client's ConflictSolver and
 * RevisionsConfiguration JSON). Pure. The reconcile step compares them with the record and sends only a difference.
 */
public final class DatabaseSettings {
    private static final ObjectMapper JSON = new ObjectMapper();

    private DatabaseSettings() {
    }

    public static ObjectNode conflictSolver(ConflictSolver solver) {
        ObjectNode json = JSON.createObjectNode();
        json.put("ResolveToLatest", solver.isResolveToLatest());
        ObjectNode byCollection = json.putObject("ResolveByCollection");
        if (solver.getResolveByCollection() != null) {
            solver.getResolveByCollection().forEach((collection, script) ->
                    byCollection.putObject(collection).put("Script", script));
        }
        return json;
    }

    public static ObjectNode revisions(Revisions revisions) {
        ObjectNode json = JSON.createObjectNode();
        if (revisions.getDefaultConfig() == null) {
            json.putNull("Default");
        } else {
            json.set("Default", collection(revisions.getDefaultConfig()));
        }
        ObjectNode collections = json.putObject("Collections");
        if (revisions.getCollections() != null) {
            for (Map.Entry<String, RevisionsCollection> entry : revisions.getCollections().entrySet()) {
                collections.set(entry.getKey(), collection(entry.getValue()));
            }
        }
        return json;
    }

    private static ObjectNode collection(RevisionsCollection collection) {
        ObjectNode json = JSON.createObjectNode();
        json.put("Disabled", collection.isDisabled());
        if (collection.getMinimumRevisionsToKeep() == null) {
            json.putNull("MinimumRevisionsToKeep");
        } else {
            json.put("MinimumRevisionsToKeep", collection.getMinimumRevisionsToKeep());
        }
        json.put("MinimumRevisionAgeToKeep", collection.getMinimumRevisionAgeToKeep());
        json.put("PurgeOnDelete", collection.isPurgeOnDelete());
        return json;
    }
}
