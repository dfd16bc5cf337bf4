package dev.muninn.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Where backups go (or are read from for a restore): exactly one of local and s3. */
@io.fabric8.generator.annotation.ValidationRule(value = "has(self.local) != has(self.s3)",
        message = "exactly one of local and s3 is required")
public class BackupStorage {
    @JsonPropertyDescription("A folder on the node (restores must then run on the same node).")
    private LocalStorage local;

    @JsonPropertyDescription("An S3-compatible bucket, readable from every node.")
    private S3Storage s3;

    public LocalStorage getLocal() {
        return local;
    }

    public void setLocal(LocalStorage local) {
        this.local = local;
    }

    public S3Storage getS3() {
        return s3;
    }

    public void setS3(S3Storage s3) {
        this.s3 = s3;
    }
}
