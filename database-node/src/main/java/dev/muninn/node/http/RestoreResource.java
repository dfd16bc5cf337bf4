package dev.muninn.node.http;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.security.Access;
import dev.muninn.node.security.RequiredAccess;
import dev.muninn.node.cluster.ClusterClient;
import dev.muninn.node.cluster.ClusterState;
import dev.muninn.node.cluster.DatabaseNames;
import dev.muninn.node.cluster.DatabaseRecord;
import dev.muninn.node.documents.DatabaseInstance;
import dev.muninn.node.documents.DatabasesLandlord;
import dev.muninn.node.documents.Json;
import dev.muninn.node.http.errors.InvalidRequestException;
import dev.muninn.node.storage.DatabaseKeys;
import dev.muninn.node.storage.EncryptionKey;
import dev.muninn.node.tasks.BackupEncryption;
import dev.muninn.node.tasks.BackupFiles;
import dev.muninn.node.tasks.DatabaseRestore;
import dev.muninn.node.tasks.Operations;

/**
 * The client's {@code RestoreBackupOperation}: a new database on this node from a folder of backups (the full one,
 * then its incrementals, up to {@code LastFileNameToRestore}), and the state of server operations it polls. An
 * encrypted backup is read with {@code BackupEncryptionSettings.Key} (or {@code EncryptionKey}); with
 * {@code EncryptionKey} the new database is encrypted with that key on this node.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Access(RequiredAccess.Operator)
public class RestoreResource {
    @Inject
    ClusterState cluster;

    @Inject
    ClusterClient clusterClient;

    @Inject
    DatabasesLandlord landlord;

    @Inject
    Operations operations;

    @Inject
    DatabaseKeys keys;

    @Inject
    dev.muninn.node.runtime.NodeSecurity security;

    @POST
    @Path("admin/restore/database")
    public ObjectNode restore(byte[] body) {
        ObjectNode configuration = Bodies.object(body, "The restore configuration");
        String name = Bodies.text(configuration, "DatabaseName");
        if (name == null || name.isBlank()) {
            throw new InvalidRequestException("DatabaseName is required");
        }
        DatabaseNames.validate(name);
        if (cluster.record(name).isPresent()) {
            throw new InvalidRequestException("Cannot restore into database '" + name + "': it already exists");
        }
        dev.muninn.node.tasks.BackupDestination source = source(configuration);
        List<String> chain;
        try {
            chain = BackupFiles.chainUpTo(source.list(), Bodies.text(configuration, "LastFileNameToRestore"));
        } catch (RuntimeException e) {
            throw new InvalidRequestException("Cannot read the backups in " + source.describe() + ": " + e.getMessage());
        }
        if (chain.isEmpty()) {
            throw new InvalidRequestException("No full backup or snapshot to start from in " + source.describe()
                    + (Bodies.text(configuration, "LastFileNameToRestore") == null ? ""
                    : " up to " + Bodies.text(configuration, "LastFileNameToRestore")));
        }
        String me = cluster.nodeTag().orElseThrow(() -> new InvalidRequestException(
                "This node is not part of a cluster yet"));
        java.util.Optional<EncryptionKey> key;
        java.util.Optional<EncryptionKey> newDatabaseKey;
        try {
            key = BackupEncryption.restoreKey(configuration);
            String given = Bodies.text(configuration, "EncryptionKey");
            newDatabaseKey = given == null || given.isBlank() ? java.util.Optional.empty()
                    : java.util.Optional.of(EncryptionKey.fromBase64(given, "EncryptionKey"));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(e.getMessage());
        }
        if (newDatabaseKey.isPresent() && !security.secured()) {
            throw new InvalidRequestException("Cannot restore into an encrypted database on an unsecured node: its "
                    + "key would travel in the clear. Give the nodes certificates (https ServerUrl).");
        }
        if (key.isEmpty() && source instanceof dev.muninn.node.tasks.LocalFolderDestination local
                && encrypted(local.folder().resolve(chain.get(0)))) {
            throw new InvalidRequestException("The backup " + chain.get(0) + " is encrypted: give its key in "
                    + "BackupEncryptionSettings.Key (base64), or EncryptionKey when it was made with the database's "
                    + "key");
        }
        long id = operations.start("restore of " + name, progress -> {
            ObjectNode settings = Json.object();
            boolean keyPut = false;
            if (newDatabaseKey.isPresent()) {
                // The key is on this node before the record exists: the landlord opens the database with it.
                keyPut = keys.get(name).isEmpty();
                keys.put(name, newDatabaseKey.get(), false);
                settings.put("Encrypted", true);
            }
            DatabaseRecord created = clusterClient.createDatabase(name, 1, List.of(me), settings, null);
            try {
                // Created here and applied locally before it returns: the landlord opens it on first use.
                DatabaseInstance instance = landlord.get(created.name());
                return restoreChain(instance, source, chain, progress, key.orElse(null));
            } catch (RuntimeException e) {
                // As RavenDB: a failed restore leaves no half-restored database behind (the name stays free).
                clusterClient.deleteDatabase(name, true, List.of());
                if (keyPut) {
                    keys.delete(name);
                }
                throw e;
            }
        });
        return BackupResource.operationId(cluster, id);
    }

    /** The files are fetched one at a time beside the databases (an S3 chain is never all on disk twice). */
    private static ObjectNode restoreChain(DatabaseInstance instance, dev.muninn.node.tasks.BackupDestination source,
                                           List<String> chain, Operations.Progress progress, EncryptionKey key) {
        if (source instanceof dev.muninn.node.tasks.LocalFolderDestination local) {
            return DatabaseRestore.apply(instance, chain.stream().map(local.folder()::resolve).toList(), progress,
                    key);
        }
        ObjectNode result = null;
        long items = 0;
        java.nio.file.Path work = null;
        try {
            work = Files.createTempDirectory(instance.directory().getParent(), "restore-");
            for (String name : chain) {
                java.nio.file.Path file = work.resolve(name);
                source.fetch(name, file);
                result = DatabaseRestore.apply(instance, List.of(file), progress, key);
                items += result.path("Documents").path("ReadCount").asLong();
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Restore from " + source.describe() + " failed: " + e.getMessage(), e);
        } finally {
            if (work != null) {
                work.toFile().delete();
            }
        }
        result.putObject("Documents").put("ReadCount", items);
        result.put("FilesRestored", chain.size());
        return result;
    }

    /** Where the backups are: a local folder (BackupLocation) or an S3 bucket (RestoreFromS3Configuration). */
    private static dev.muninn.node.tasks.BackupDestination source(ObjectNode configuration) {
        com.fasterxml.jackson.databind.JsonNode s3 = configuration.path("Settings");
        if ("S3".equalsIgnoreCase(configuration.path("Type").asText("")) || s3.has("BucketName")) {
            if (s3.path("BucketName").asText("").isBlank()) {
                throw new InvalidRequestException("Settings.BucketName is required to restore from S3");
            }
            return new dev.muninn.node.tasks.S3Destination(s3);
        }
        String location = Bodies.text(configuration, "BackupLocation");
        if (location == null || location.isBlank()) {
            throw new InvalidRequestException("BackupLocation (a local folder) or S3 Settings are required");
        }
        java.nio.file.Path folder = java.nio.file.Path.of(location);
        if (!Files.isDirectory(folder)) {
            throw new InvalidRequestException("BackupLocation " + folder + " is not a folder on this node");
        }
        return new dev.muninn.node.tasks.LocalFolderDestination(folder);
    }

    private static boolean encrypted(java.nio.file.Path file) {
        try {
            return BackupEncryption.isEncrypted(file);
        } catch (IOException e) {
            return false; // unreadable: the restore itself says why
        }
    }

    @GET
    @Path("operations/state")
    public Response serverOperationState(@QueryParam("id") String id) {
        return DatabaseOperationsResource.state(operations, id, null); // server level: an operator's, every operation
    }
}
