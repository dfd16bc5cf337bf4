package dev.muninn.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** An S3 bucket, or any S3-compatible store (endpoint, path-style access). */
public class S3Storage {
    @Required
    @JsonPropertyDescription("The bucket; it must exist.")
    private String bucket;

    @JsonPropertyDescription("A folder (key prefix) inside the bucket.")
    private String remoteFolderName;

    @JsonPropertyDescription("The region, us-east-1 when not set.")
    private String region;

    @JsonPropertyDescription("The endpoint of an S3-compatible store (http://host:port); AWS when not set.")
    private String endpoint;

    @JsonPropertyDescription("Address the bucket in the path rather than the host name (most S3-compatible stores).")
    private boolean forcePathStyle;

    @JsonPropertyDescription("Where the access keys are.")
    private SecretKeys credentialsSecret;

    public String getBucket() {
        return bucket;
    }

    public void setBucket(String bucket) {
        this.bucket = bucket;
    }

    public String getRemoteFolderName() {
        return remoteFolderName;
    }

    public void setRemoteFolderName(String remoteFolderName) {
        this.remoteFolderName = remoteFolderName;
    }

    public String getRegion() {
        return region;
    }

    public void setRegion(String region) {
        this.region = region;
    }

    public String getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    public boolean isForcePathStyle() {
        return forcePathStyle;
    }

    public void setForcePathStyle(boolean forcePathStyle) {
        this.forcePathStyle = forcePathStyle;
    }

    public SecretKeys getCredentialsSecret() {
        return credentialsSecret;
    }

    public void setCredentialsSecret(SecretKeys credentialsSecret) {
        this.credentialsSecret = credentialsSecret;
    }
}
