package dev.muninn.operator.api.v1alpha1.spec;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The client's ConflictSolver: a merge script per collection, else the latest version, else manual. */
public class ConflictSolver {
    @JsonPropertyDescription("Resolve conflicts to the most recently modified version.")
    private boolean resolveToLatest;

    @JsonPropertyDescription("A JavaScript merge per collection; it sees the conflicting versions as `docs`.")
    private Map<String, String> resolveByCollection = new LinkedHashMap<>();

    public boolean isResolveToLatest() {
        return resolveToLatest;
    }

    public void setResolveToLatest(boolean resolveToLatest) {
        this.resolveToLatest = resolveToLatest;
    }

    public Map<String, String> getResolveByCollection() {
        return resolveByCollection;
    }

    public void setResolveByCollection(Map<String, String> resolveByCollection) {
        this.resolveByCollection = resolveByCollection;
    }
}
