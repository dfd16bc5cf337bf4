package dev.muninn.node.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.muninn.node.cluster.ClusterState;
import dev.muninn.node.config.NodeSettings;
import dev.muninn.node.documents.DatabasesLandlord;
import dev.muninn.node.script.JsSandbox;
import dev.muninn.node.script.PatchScript;
import dev.muninn.node.storage.ServerStorage;
import dev.muninn.node.storage.StorageEnvironment;
import io.quarkus.runtime.Startup;

/**
 * The composition root: opens the server environment, the cluster state and the landlord at startup, in that
 * order, and closes them in reverse at shutdown so every open environment is flushed and unlocked.
 */
@Startup
@ApplicationScoped
public class NodeRuntime {
    private static final Logger LOG = Logger.getLogger(NodeRuntime.class);

    private final NodeSettings settings;
    private final ServerStorage serverStorage;
    private final ClusterState cluster;
    private final DatabasesLandlord landlord;
    private final PatchScript patchScript;

    public NodeRuntime(NodeSettings settings) {
        this.settings = settings;
        Path dataDir = settings.dataDir();
        createDirectories(dataDir.resolve("Databases"));
        this.serverStorage = new ServerStorage(new StorageEnvironment(dataDir.resolve("System"), true));
        this.cluster = new ClusterState(serverStorage, settings.publicUrl());
        this.landlord = new DatabasesLandlord(cluster, dataDir.resolve("Databases"), settings.durableWrites(),
                settings.maxCommandsPerTransaction());
        this.patchScript = new PatchScript(new JsSandbox());
        LOG.infof("node=%s event=node-started url=%s dataDir=%s durableWrites=%s", cluster.identity().nodeTag(),
                settings.publicUrl(), dataDir, settings.durableWrites());
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create data directory " + dir, e);
        }
    }

    @Produces
    @Singleton
    ClusterState cluster() {
        return cluster;
    }

    @Produces
    @Singleton
    DatabasesLandlord landlord() {
        return landlord;
    }

    @Produces
    @Singleton
    PatchScript patchScript() {
        return patchScript;
    }

    public NodeSettings settings() {
        return settings;
    }

    @PreDestroy
    void shutdown() {
        LOG.infof("node=%s event=node-stopping", cluster.identity().nodeTag());
        landlord.close();
        serverStorage.close();
    }
}
