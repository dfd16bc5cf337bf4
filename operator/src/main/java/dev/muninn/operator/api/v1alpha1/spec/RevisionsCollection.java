package dev.muninn.operator.api.v1alpha1.spec;

import io.fabric8.generator.annotation.Min;

/** Revisions of one collection: kept or not, how many, for how long. */
public class RevisionsCollection {
    private boolean disabled;

    @Min(0)
    private Long minimumRevisionsToKeep;

    /** A .NET TimeSpan ("d.hh:mm:ss"), as the client sends it. */
    private String minimumRevisionAgeToKeep;

    private boolean purgeOnDelete;

    public boolean isDisabled() {
        return disabled;
    }

    public void setDisabled(boolean disabled) {
        this.disabled = disabled;
    }

    public Long getMinimumRevisionsToKeep() {
        return minimumRevisionsToKeep;
    }

    public void setMinimumRevisionsToKeep(Long minimumRevisionsToKeep) {
        this.minimumRevisionsToKeep = minimumRevisionsToKeep;
    }

    public String getMinimumRevisionAgeToKeep() {
        return minimumRevisionAgeToKeep;
    }

    public void setMinimumRevisionAgeToKeep(String minimumRevisionAgeToKeep) {
        this.minimumRevisionAgeToKeep = minimumRevisionAgeToKeep;
    }

    public boolean isPurgeOnDelete() {
        return purgeOnDelete;
    }

    public void setPurgeOnDelete(boolean purgeOnDelete) {
        this.purgeOnDelete = purgeOnDelete;
    }
}
