package dev.muninn.operator.api.v1alpha1.spec;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** The client's RevisionsConfiguration: a default and per-collection settings. */
public class Revisions {
    @JsonPropertyDescription("For collections not listed.")
    private RevisionsCollection defaultConfig;

    @JsonPropertyDescription("Per collection.")
    private Map<String, RevisionsCollection> collections = new LinkedHashMap<>();

    public RevisionsCollection getDefaultConfig() {
        return defaultConfig;
    }

    public void setDefaultConfig(RevisionsCollection defaultConfig) {
        this.defaultConfig = defaultConfig;
    }

    public Map<String, RevisionsCollection> getCollections() {
        return collections;
    }

    public void setCollections(Map<String, RevisionsCollection> collections) {
        this.collections = collections;
    }
}
