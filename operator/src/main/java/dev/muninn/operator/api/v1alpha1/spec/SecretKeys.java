package dev.muninn.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Required;

/** A Secret of the same namespace holding S3 credentials. */
public class SecretKeys {
    @Required
    @JsonPropertyDescription("The Secret.")
    private String name;

    @Default("AWS_ACCESS_KEY_ID")
    @JsonPropertyDescription("The key holding the access key id.")
    private String accessKeyIdKey = "AWS_ACCESS_KEY_ID";

    @Default("AWS_SECRET_ACCESS_KEY")
    @JsonPropertyDescription("The key holding the secret access key.")
    private String secretAccessKeyKey = "AWS_SECRET_ACCESS_KEY";

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public String getAccessKeyIdKey() {
        return accessKeyIdKey;
    }

    public void setAccessKeyIdKey(String accessKeyIdKey) {
        this.accessKeyIdKey = accessKeyIdKey;
    }

    public String getSecretAccessKeyKey() {
        return secretAccessKeyKey;
    }

    public void setSecretAccessKeyKey(String secretAccessKeyKey) {
        this.secretAccessKeyKey = secretAccessKeyKey;
    }
}
