package dev.muninn.node.tasks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The destinations a backup configuration names ({@code LocalSettings}, {@code S3Settings}; each may be
 * {@code Disabled}), checked before anything runs so a bad configuration is refused with its reason.
 */
public final class BackupDestinations {
    private BackupDestinations() {
    }

    /** The enabled destinations; IllegalArgumentException naming what is wrong when none is usable. */
    public static List<BackupDestination> of(JsonNode configuration) {
        List<BackupDestination> destinations = new ArrayList<>();
        JsonNode local = configuration.path("LocalSettings");
        if (enabled(local) && !local.path("FolderPath").asText("").isBlank()) {
            destinations.add(new LocalFolderDestination(Path.of(local.path("FolderPath").asText())));
        }
        JsonNode s3 = configuration.path("S3Settings");
        if (enabled(s3)) {
            if (s3.path("BucketName").asText("").isBlank()) {
                throw new IllegalArgumentException("S3Settings.BucketName is required");
            }
            String endpoint = s3.path("CustomServerUrl").asText("");
            if (!endpoint.isBlank() && !endpoint.matches("^https?://.+")) {
                throw new IllegalArgumentException("S3Settings.CustomServerUrl must be an http(s) URL, got '"
                        + endpoint + "'");
            }
            destinations.add(new S3Destination(s3));
        }
        for (String other : new String[]{"GlacierSettings", "AzureSettings", "FtpSettings", "GoogleCloudSettings"}) {
            if (enabled(configuration.path(other))) {
                throw new IllegalArgumentException(other + " is not supported; use LocalSettings or S3Settings");
            }
        }
        if (destinations.isEmpty()) {
            throw new IllegalArgumentException("A destination is required: LocalSettings.FolderPath or "
                    + "S3Settings.BucketName");
        }
        return destinations;
    }

    /** RavenDB's names of the enabled destinations, for the client's task info. */
    public static List<String> names(JsonNode configuration) {
        try {
            return of(configuration).stream().map(BackupDestination::kind).toList();
        } catch (IllegalArgumentException e) {
            return List.of();
        }
    }

    private static boolean enabled(JsonNode settings) {
        return settings.isObject() && !settings.path("Disabled").asBoolean(false);
    }
}
