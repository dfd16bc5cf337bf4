package dev.muninn.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A folder: in the cluster's backup volume (/backups) when it has one, else under the node's data volume. */
public class LocalStorage {
    @Required
    @Pattern("^[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*$")
    @JsonPropertyDescription("A relative path (no .. or leading /) under /backups (the cluster's backupVolume) or, without one, "
            + "under /data/backups of the node that runs it.")
    private String path;

    public String getPath() {
        return path;
    }

    public void setPath(String path) {
        this.path = path;
    }
}
