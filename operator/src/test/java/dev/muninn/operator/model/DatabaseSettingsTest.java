package dev.muninn.operator.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.operator.api.v1alpha1.spec.ConflictSolver;
import dev.muninn.operator.api.v1alpha1.spec.Revisions;
import dev.muninn.operator.api.v1alpha1.spec.RevisionsCollection;

class DatabaseSettingsTest {
    @Test
    void theConflictSolverIsTheClientsJson() {
        ConflictSolver solver = new ConflictSolver();
        solver.setResolveToLatest(true);
        solver.setResolveByCollection(Map.of("Users", "return docs[0];"));
        ObjectNode json = DatabaseSettings.conflictSolver(solver);
        assertThat(json.path("ResolveToLatest").asBoolean()).isTrue();
        assertThat(json.path("ResolveByCollection").path("Users").path("Script").asText()).isEqualTo("return docs[0];");
    }

    @Test
    void revisionsKeepADefaultAndPerCollectionSettings() {
        RevisionsCollection keepFive = new RevisionsCollection();
        keepFive.setMinimumRevisionsToKeep(5L);
        RevisionsCollection off = new RevisionsCollection();
        off.setDisabled(true);
        Revisions revisions = new Revisions();
        revisions.setDefaultConfig(keepFive);
        revisions.setCollections(Map.of("Logs", off));
        ObjectNode json = DatabaseSettings.revisions(revisions);
        assertThat(json.path("Default").path("MinimumRevisionsToKeep").asLong()).isEqualTo(5);
        assertThat(json.path("Default").path("Disabled").asBoolean()).isFalse();
        assertThat(json.path("Collections").path("Logs").path("Disabled").asBoolean()).isTrue();
        assertThat(json.path("Collections").path("Logs").path("MinimumRevisionsToKeep").isNull()).isTrue();
        assertThat(DatabaseSettings.revisions(new Revisions()).path("Default").isNull()).isTrue();
    }
}
