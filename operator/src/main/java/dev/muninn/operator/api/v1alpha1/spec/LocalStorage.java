package dev.muninn.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A folder on the node that runs the backup, under its data volume. */
public class LocalStorage {
    @Required
    @Pattern("^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$")
    @JsonPropertyDescription("A relative path under /data/backups on the node (no .. or leading /).")
    private String path;

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }
}
