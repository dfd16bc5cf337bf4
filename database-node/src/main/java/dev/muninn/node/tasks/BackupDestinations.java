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
        JsonNode folderPath = local.path("FolderPath");
        if (enabled(local) && !folderPath.isMissingNode() && !folderPath.isNull()
                && !(folderPath.isTextual() && folderPath.asText().isBlank())) {
            destinations.add(new LocalFolderDestination(localFolder(folderPath)));
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

    /**
     * A local destination must be an absolute path: a relative one would land under whatever directory the node
     * was started from (finding F6: a FolderPath of 5 wrote backups into the node's working directory), and mean a
     * different place on every node of the cluster.
     */
    private static Path localFolder(JsonNode folderPath) {
        if (!folderPath.isTextual()) {
            throw new IllegalArgumentException("LocalSettings.FolderPath must be a string (an absolute path), got "
                    + folderPath);
        }
        Path path;
        try {
            path = Path.of(folderPath.asText());
        } catch (java.nio.file.InvalidPathException invalid) {
            throw new IllegalArgumentException("LocalSettings.FolderPath is not a path: " + invalid.getMessage());
        }
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("LocalSettings.FolderPath must be an absolute path, got '"
                    + folderPath.asText() + "'");
        }
        return path;
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
