package dev.muninn.operator.api.v1alpha1;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

import dev.muninn.operator.api.v1alpha1.spec.Storage;

/** What the user asks of a cluster. */
@ValidationRule(value = "self.watchers < self.nodes",
        message = "watchers must be fewer than nodes: at least one node must vote")
public class MuninnClusterSpec {
    @Required
    @Min(1)
    @JsonPropertyDescription("Number of database nodes (pods), at least 1. Odd numbers tolerate the most failures.")
    private int nodes = 1;

    @Default("0")
    @Min(0)
    @JsonPropertyDescription("How many of the nodes are Raft watchers (they hold databases but do not vote).")
    private int watchers;

    @Default("muninn/database-node:latest")
    @JsonPropertyDescription("The database node image.")
    private String image = "muninn/database-node:latest";

    @JsonPropertyDescription("Each node's persistent volume.")
    private Storage storage = new Storage();

    @JsonPropertyDescription("CPU and memory of each node's container.")
    private ResourceRequirements resources;

    @JsonPropertyDescription("Node settings by their names in docs/SETTINGS.md, e.g. Cluster.TimeBeforeMovingToRehabInSec.")
    private Map<String, String> settings = new LinkedHashMap<>();

    @JsonPropertyDescription("A claim mounted at /backups in every node: local backup destinations and restore "
            + "sources are folders in it. Without it a local destination is a folder of the responsible node's own "
            + "volume (/data/backups), which only that node can restore from.")
    private dev.muninn.operator.api.v1alpha1.spec.BackupVolume backupVolume;

    @JsonPropertyDescription("TLS and client certificates (on by default).")
    private dev.muninn.operator.api.v1alpha1.spec.Tls tls = new dev.muninn.operator.api.v1alpha1.spec.Tls();

    @Default("60")
    @Min(1)
    @JsonPropertyDescription("How long a node may stay unready before the cluster is reported Degraded, in seconds.")
    private int degradedAfterSeconds = 60;

    public dev.muninn.operator.api.v1alpha1.spec.Tls getTls() {
        return tls;
    }

    public void setTls(dev.muninn.operator.api.v1alpha1.spec.Tls tls) {
        this.tls = tls;
    }

    public int getDegradedAfterSeconds() {
        return degradedAfterSeconds;
    }

    public void setDegradedAfterSeconds(int degradedAfterSeconds) {
        this.degradedAfterSeconds = degradedAfterSeconds;
    }

    public int getNodes() {
        return nodes;
    }

    public void setNodes(int nodes) {
        this.nodes = nodes;
    }

    public int getWatchers() {
        return watchers;
    }

    public void setWatchers(int watchers) {
        this.watchers = watchers;
    }

    public String getImage() {
        return image;
    }

    public void setImage(String image) {
        this.image = image;
    }

    public Storage getStorage() {
        return storage;
    }

    public void setStorage(Storage storage) {
        this.storage = storage;
    }

    public ResourceRequirements getResources() {
        return resources;
    }

    public void setResources(ResourceRequirements resources) {
        this.resources = resources;
    }

    public Map<String, String> getSettings() {
        return settings;
    }

    public void setSettings(Map<String, String> settings) {
        this.settings = settings;
    }

    public dev.muninn.operator.api.v1alpha1.spec.BackupVolume getBackupVolume() {
        return backupVolume;
    }

    public void setBackupVolume(dev.muninn.operator.api.v1alpha1.spec.BackupVolume backupVolume) {
        this.backupVolume = backupVolume;
    }
}
