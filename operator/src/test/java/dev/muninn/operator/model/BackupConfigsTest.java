package dev.muninn.operator.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.operator.api.v1alpha1.MuninnBackupScheduleSpec;
import dev.muninn.operator.api.v1alpha1.MuninnRestoreSpec;
import dev.muninn.operator.api.v1alpha1.spec.BackupStorage;
import dev.muninn.operator.api.v1alpha1.spec.LocalStorage;
import dev.muninn.operator.api.v1alpha1.spec.S3Storage;

class BackupConfigsTest {
    private static BackupStorage s3() {
        S3Storage s3 = new S3Storage();
        s3.setBucket("backups");
        s3.setEndpoint("http://s3.local:9000");
        s3.setForcePathStyle(true);
        BackupStorage storage = new BackupStorage();
        storage.setS3(s3);
        return storage;
    }

    private static BackupStorage local(String path) {
        LocalStorage local = new LocalStorage();
        local.setPath(path);
        BackupStorage storage = new BackupStorage();
        storage.setLocal(local);
        return storage;
    }

    @Test
    void aScheduleIsThePeriodicBackupTheClientWouldSend() {
        MuninnBackupScheduleSpec spec = new MuninnBackupScheduleSpec();
        spec.setSchedule("0 2 * * *");
        spec.setIncrementalSchedule("*/15 * * * *");
        spec.setType("Snapshot");
        spec.setDestination(s3());
        spec.setMinimumBackupAgeToKeep("7.00:00:00");
        ObjectNode json = BackupConfigs.periodicBackup(spec, "k8s/prod/nightly", 12,
                new BackupConfigs.Credentials("id", "secret"), BackupConfigs.LOCAL_ROOT);
        assertThat(json.path("TaskId").asLong()).isEqualTo(12);
        assertThat(json.path("Name").asText()).isEqualTo("k8s/prod/nightly");
        assertThat(json.path("BackupType").asText()).isEqualTo("Snapshot");
        assertThat(json.path("FullBackupFrequency").asText()).isEqualTo("0 2 * * *");
        assertThat(json.path("IncrementalBackupFrequency").asText()).isEqualTo("*/15 * * * *");
        assertThat(json.path("S3Settings").path("CustomServerUrl").asText()).isEqualTo("http://s3.local:9000");
        assertThat(json.path("S3Settings").path("ForcePathStyle").asBoolean()).isTrue();
        assertThat(json.path("S3Settings").path("AwsAccessKey").asText()).isEqualTo("id");
        assertThat(json.path("S3Settings").path("AwsSecretKey").asText()).isEqualTo("secret");
        assertThat(json.path("RetentionPolicy").path("MinimumBackupAgeToKeep").asText()).isEqualTo("7.00:00:00");
        assertThat(json.has("LocalSettings")).isFalse();
    }

    @Test
    void aLocalDestinationStaysUnderTheDataVolume() {
        MuninnBackupScheduleSpec spec = new MuninnBackupScheduleSpec();
        spec.setSchedule("0 2 * * *");
        spec.setDestination(local("orders/daily"));
        assertThat(BackupConfigs.periodicBackup(spec, "t", 0, null, BackupConfigs.LOCAL_ROOT).path("LocalSettings")
                .path("FolderPath").asText())
                .isEqualTo("/data/backups/orders/daily");
        spec.setDestination(local("../../etc"));
        assertThatThrownBy(() -> BackupConfigs.periodicBackup(spec, "t", 0, null, BackupConfigs.LOCAL_ROOT))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("..");
    }

    @Test
    void aRestoreReadsTheSameStorage() {
        MuninnRestoreSpec spec = new MuninnRestoreSpec();
        spec.setDatabase("orders-restored");
        spec.setSource(s3());
        spec.setLastFileNameToRestore("2026-12-04-02-00-00.ravendb-full-backup");
        ObjectNode json = BackupConfigs.restore(spec, null, BackupConfigs.LOCAL_ROOT);
        assertThat(json.path("DatabaseName").asText()).isEqualTo("orders-restored");
        assertThat(json.path("Type").asText()).isEqualTo("S3");
        assertThat(json.path("Settings").path("BucketName").asText()).isEqualTo("backups");
        assertThat(json.path("Settings").has("AwsAccessKey")).isFalse();
        assertThat(json.path("LastFileNameToRestore").asText()).endsWith("full-backup");
        spec.setSource(local("orders"));
        assertThat(BackupConfigs.restore(spec, null, BackupConfigs.LOCAL_ROOT).path("BackupLocation").asText())
                .isEqualTo("/data/backups/orders");
        assertThat(BackupConfigs.restore(spec, null, ClusterModel.BACKUP_VOLUME_PATH).path("BackupLocation").asText())
                .as("from the cluster's backup volume").isEqualTo("/backups/orders");
    }
}
