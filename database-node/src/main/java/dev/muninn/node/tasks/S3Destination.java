package dev.muninn.node.tasks;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Backups in an S3 bucket, or any S3-compatible store ({@code CustomServerUrl}, {@code ForcePathStyle}), under
 * {@code RemoteFolderName}: the client's {@code S3Settings}. One client per use: backups are rare.
 */
public final class S3Destination implements BackupDestination {
    private final String bucket;
    private final String prefix;
    private final JsonNode settings;

    /** @param settings the client's S3Settings (BucketName required, checked by {@link BackupDestinations}) */
    public S3Destination(JsonNode settings) {
        this.settings = settings;
        this.bucket = settings.path("BucketName").asText();
        String folder = settings.path("RemoteFolderName").asText("").replaceAll("^/+|/+$", "");
        this.prefix = folder.isEmpty() ? "" : folder + "/";
    }

    @Override
    public String kind() {
        return "S3";
    }

    @Override
    public String describe() {
        return "s3://" + bucket + "/" + prefix;
    }

    private S3Client client() {
        var builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(settings.path("AwsRegionName").asText("").isBlank() ? "us-east-1"
                        : settings.path("AwsRegionName").asText()))
                .serviceConfiguration(S3Configuration.builder()
                        .pathStyleAccessEnabled(settings.path("ForcePathStyle").asBoolean(false)).build());
        String access = settings.path("AwsAccessKey").asText("");
        String secret = settings.path("AwsSecretKey").asText("");
        String session = settings.path("AwsSessionToken").asText("");
        if (!access.isBlank()) {
            builder.credentialsProvider(StaticCredentialsProvider.create(session.isBlank()
                    ? AwsBasicCredentials.create(access, secret) : AwsSessionCredentials.create(access, secret, session)));
        }
        String endpoint = settings.path("CustomServerUrl").asText("");
        if (!endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return builder.build();
    }

    @Override
    public void store(Path file) {
        String key = prefix + file.getFileName();
        try (S3Client s3 = client()) {
            s3.putObject(r -> r.bucket(bucket).key(key), RequestBody.fromFile(file));
        } catch (SdkException e) {
            throw new IllegalStateException("Upload of " + file.getFileName() + " to " + describe() + " failed: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public List<String> list() {
        List<String> names = new ArrayList<>();
        try (S3Client s3 = client()) {
            for (S3Object object : s3.listObjectsV2Paginator(r -> r.bucket(bucket).prefix(prefix)).contents()) {
                String name = object.key().substring(prefix.length());
                if (!name.contains("/") && BackupFiles.isBackup(name)) {
                    names.add(name);
                }
            }
        } catch (SdkException e) {
            throw new IllegalStateException("Cannot list " + describe() + ": " + e.getMessage(), e);
        }
        names.sort(null);
        return names;
    }

    @Override
    public void fetch(String name, Path target) {
        try (S3Client s3 = client(); var in = s3.getObject(r -> r.bucket(bucket).key(prefix + name))) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (SdkException | java.io.IOException e) {
            throw new IllegalStateException("Download of " + name + " from " + describe() + " failed: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String name) {
        try (S3Client s3 = client()) {
            s3.deleteObject(r -> r.bucket(bucket).key(prefix + name));
        } catch (SdkException e) {
            throw new IllegalStateException("Cannot delete " + name + " from " + describe() + ": " + e.getMessage(), e);
        }
    }
}
