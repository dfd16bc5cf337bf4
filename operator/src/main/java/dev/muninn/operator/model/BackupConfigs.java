package dev.muninn.operator.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.operator.api.v1alpha1.MuninnBackupScheduleSpec;
import dev.muninn.operator.api.v1alpha1.MuninnBackupSpec;
import dev.muninn.operator.api.v1alpha1.MuninnRestoreSpec;
import dev.muninn.operator.api.v1alpha1.spec.BackupStorage;
import dev.muninn.operator.api.v1alpha1.spec.S3Storage;

/**
 * The node's backup and restore configurations (the client's PeriodicBackupConfiguration and
 * RestoreBackupConfiguration JSON) from the backup resources. Pure: the credentials are read by the reconcile step.
 * A local destination is a folder under {@code localRoot}: the cluster's backup volume when it has one
 * ({@value ClusterModel#BACKUP_VOLUME_PATH}), else the node's data volume ({@value #LOCAL_ROOT}).
 */
public final class BackupConfigs {
    public static final String LOCAL_ROOT = ClusterModel.DATA_PATH + "/backups";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** S3 access keys from the Secret the storage names (null when it names none). */
    public record Credentials(String accessKeyId, String secretAccessKey) {
    }

    private BackupConfigs() {
    }

    /** The task name the operator gives a schedule's task: it finds the task again by it after a restart. */
    public static String taskName(String namespace, String name) {
        return "k8s/" + namespace + "/" + name;
    }

    public static ObjectNode periodicBackup(MuninnBackupScheduleSpec spec, String taskName, long taskId,
                                            Credentials credentials, String localRoot) {
        ObjectNode json = JSON.createObjectNode();
        json.put("TaskId", taskId);
        json.put("Name", taskName);
        json.put("Disabled", spec.isDisabled());
        json.put("BackupType", spec.getType() == null ? "Backup" : spec.getType());
        json.put("FullBackupFrequency", spec.getSchedule());
        if (spec.getIncrementalSchedule() != null && !spec.getIncrementalSchedule().isBlank()) {
            json.put("IncrementalBackupFrequency", spec.getIncrementalSchedule());
        }
        destination(json, spec.getDestination(), credentials, localRoot);
        if (spec.getMinimumBackupAgeToKeep() != null && !spec.getMinimumBackupAgeToKeep().isBlank()) {
            json.putObject("RetentionPolicy").put("Disabled", false)
                    .put("MinimumBackupAgeToKeep", spec.getMinimumBackupAgeToKeep());
        }
        return json;
    }

    /** The client's BackupConfiguration of a one-time backup. */
    public static ObjectNode oneTimeBackup(MuninnBackupSpec spec, Credentials credentials, String localRoot) {
        ObjectNode json = JSON.createObjectNode();
        json.put("BackupType", spec.getType() == null ? "Backup" : spec.getType());
        destination(json, spec.getDestination(), credentials, localRoot);
        return json;
    }

    public static ObjectNode restore(MuninnRestoreSpec spec, Credentials credentials, String localRoot) {
        ObjectNode json = JSON.createObjectNode();
        json.put("DatabaseName", spec.getDatabase());
        if (spec.getLastFileNameToRestore() != null && !spec.getLastFileNameToRestore().isBlank()) {
            json.put("LastFileNameToRestore", spec.getLastFileNameToRestore());
        }
        BackupStorage source = spec.getSource();
        if (source.getS3() != null) {
            json.put("Type", "S3");
            json.set("Settings", s3(source.getS3(), credentials));
        } else {
            json.put("BackupLocation", localFolder(source, localRoot));
        }
        return json;
    }

    private static void destination(ObjectNode json, BackupStorage storage, Credentials credentials,
                                    String localRoot) {
        if (storage.getS3() != null) {
            json.set("S3Settings", s3(storage.getS3(), credentials));
        } else {
            json.putObject("LocalSettings").put("FolderPath", localFolder(storage, localRoot));
        }
    }

    private static String localFolder(BackupStorage storage, String localRoot) {
        String path = storage.getLocal().getPath();
        if (path.startsWith("/") || path.contains("..")) { // the schema's pattern says so too; never trust one check
            throw new InvalidSpecException("local.path must be relative without '..', got " + path);
        }
        return localRoot + "/" + path;
    }

    private static ObjectNode s3(S3Storage s3, Credentials credentials) {
        ObjectNode json = JSON.createObjectNode();
        json.put("BucketName", s3.getBucket());
        json.put("RemoteFolderName", s3.getRemoteFolderName() == null ? "" : s3.getRemoteFolderName());
        json.put("AwsRegionName", s3.getRegion() == null ? "us-east-1" : s3.getRegion());
        if (s3.getEndpoint() != null && !s3.getEndpoint().isBlank()) {
            json.put("CustomServerUrl", s3.getEndpoint());
        }
        json.put("ForcePathStyle", s3.isForcePathStyle());
        if (credentials != null) {
            json.put("AwsAccessKey", credentials.accessKeyId());
            json.put("AwsSecretKey", credentials.secretAccessKey());
        }
        return json;
    }
}
