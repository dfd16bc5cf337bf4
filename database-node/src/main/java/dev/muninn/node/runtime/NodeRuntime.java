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

import dev.muninn.node.cluster.ClusterClient;
import dev.muninn.node.cluster.ClusterState;
import dev.muninn.node.cluster.raft.ClusterStateMachine;
import dev.muninn.node.cluster.raft.RaftNode;
import dev.muninn.node.cluster.state.ClusterStore;
import dev.muninn.node.config.NodeSettings;
import dev.muninn.node.documents.DatabasesLandlord;
import dev.muninn.node.script.JsSandbox;
import dev.muninn.node.script.PatchScript;
import dev.muninn.node.storage.ServerStorage;
import dev.muninn.node.storage.StorageEnvironment;
import io.quarkus.runtime.Startup;

/**
 * The composition root: opens the server environment, the cluster state, the Raft server and the landlord at
 * startup, in that order, and closes them in reverse at shutdown so every environment is flushed and unlocked.
 */
@Startup
@ApplicationScoped
public class NodeRuntime {
    private static final Logger LOG = Logger.getLogger(NodeRuntime.class);

    private final NodeSettings settings;
    private final ServerStorage serverStorage;
    private final ServerStorage clusterStorage;
    private final ClusterState cluster;
    private final RaftNode raft;
    private final ClusterClient clusterClient;
    private final dev.muninn.node.cluster.RoleWatchdog watchdog;
    private final dev.muninn.node.cluster.UnreachableMembersLast unreachableMembersLast;
    private final dev.muninn.node.replication.outgoing.ReplicationLoader replication;
    private final dev.muninn.node.cluster.Leadership leadership;
    private final dev.muninn.node.supervisor.Supervisor supervisor;
    private final dev.muninn.node.tasks.Operations operations = new dev.muninn.node.tasks.Operations();
    private final dev.muninn.node.tasks.PeriodicBackups periodicBackups;
    private final dev.muninn.node.tasks.DueDocumentsTask dueDocuments;
    private final DatabasesLandlord landlord;
    private final dev.muninn.node.documents.ClusterTransactions clusterTransactions;
    private final PatchScript patchScript;
    private final JsSandbox sandbox;
    private final dev.muninn.node.cluster.CertificateRegistry certificates;
    private final dev.muninn.node.storage.DatabaseKeys databaseKeys;

    public NodeRuntime(NodeSettings settings, NodeSecurity security) {
        this.settings = settings;
        Path dataDir = settings.dataDir();
        createDirectories(dataDir.resolve("Databases"));
        createDirectories(dataDir.resolve("Raft"));
        StorageEnvironment system = new StorageEnvironment(dataDir.resolve("System"), true);
        // Not durable commit by commit: the Raft log is the durable record of the cluster state (ADR 0030).
        StorageEnvironment clusterEnvironment = new StorageEnvironment(dataDir.resolve("Cluster"), false);
        int moved = dev.muninn.node.storage.ClusterStoresMove.run(system, clusterEnvironment);
        if (moved > 0) {
            LOG.infof("event=cluster-state-moved stores=%d from=System to=Cluster", moved);
        }
        this.serverStorage = ServerStorage.system(system);
        this.clusterStorage = ServerStorage.cluster(clusterEnvironment);
        ClusterStore store = new ClusterStore(clusterStorage);
        this.cluster = new ClusterState(serverStorage, store);
        this.certificates = new dev.muninn.node.cluster.CertificateRegistry(store, cluster);
        this.databaseKeys = new dev.muninn.node.storage.DatabaseKeys(serverStorage, () -> masterKey(settings));
        this.landlord = new DatabasesLandlord(cluster, dataDir.resolve("Databases"), settings.durableWrites(),
                settings.maxCommandsPerTransaction(), databaseKeys::get);
        this.leadership = new dev.muninn.node.cluster.Leadership();
        this.raft = new RaftNode(cluster.serverId(), settings.raftAddress(), settings.publicRaftAddress(), dataDir.resolve("Raft"),
                () -> new ClusterStateMachine(store, cluster::applied, leadership::changed),
                settings.clusterOperationTimeout(), security.tls()
                        .map(tls -> new dev.muninn.node.cluster.raft.RaftTls(tls.keyManager(), tls.trust()))
                        .orElse(null));
        this.clusterClient = new ClusterClient(cluster, raft, settings.publicUrl(), settings.clusterOperationTimeout(),
                new dev.muninn.node.cluster.HttpPeerDirectory(security::peerHttpClient));
        this.watchdog = new dev.muninn.node.cluster.RoleWatchdog(cluster, raft,
                new dev.muninn.node.cluster.HttpPeerDirectory(security::peerHttpClient));
        this.unreachableMembersLast = new dev.muninn.node.cluster.UnreachableMembersLast(cluster, raft, clusterClient);
        this.replication = new dev.muninn.node.replication.outgoing.ReplicationLoader(cluster, landlord,
                settings.replicationBatchItems(), security::peerHttpClient);
        this.supervisor = new dev.muninn.node.supervisor.Supervisor(cluster, clusterClient, leadership,
                settings.supervisor(), java.time.Clock.systemUTC(), security::peerHttpClient);
        this.periodicBackups = new dev.muninn.node.tasks.PeriodicBackups(cluster, clusterClient, landlord,
                java.time.Clock.systemUTC());
        this.clusterTransactions = new dev.muninn.node.documents.ClusterTransactions(cluster, landlord,
                settings.maxDocumentSizeBytes());
        this.dueDocuments = new dev.muninn.node.tasks.DueDocumentsTask(cluster, landlord,
                settings.maxDocumentSizeBytes(), java.time.Clock.systemUTC());
        landlord.openAllHosted();
        this.sandbox = new JsSandbox(settings.scriptLimits());
        this.patchScript = new PatchScript(sandbox);
        LOG.infof("node=%s event=node-started url=%s raft=%s dataDir=%s durableWrites=%s", cluster.nodeTagOrUnknown(),
                settings.publicUrl(), settings.publicRaftAddress(), dataDir, settings.durableWrites());
    }

    /** The master key: its file, or one made beside the data on first use (said in the log: it protects less). */
    private byte[] masterKey(NodeSettings settings) {
        Path file = settings.masterKeyPath();
        try {
            boolean made = !Files.exists(file);
            byte[] key = dev.muninn.node.storage.DatabaseKeys.loadMasterKey(file, !settings.masterKeyConfigured());
            if (made) {
                LOG.warnf("node=%s event=master-key-created path=%s reason=\"Security.MasterKey.Path is not set: the key "
                        + "that wraps encryption keys lies beside the data; keep it elsewhere in production\"",
                        cluster.nodeTagOrUnknown(), file);
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the master key " + file, e);
        }
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
    ClusterClient clusterClient() {
        return clusterClient;
    }

    @Produces
    @Singleton
    RaftNode raft() {
        return raft;
    }

    @Produces
    @Singleton
    DatabasesLandlord landlord() {
        return landlord;
    }

    /** Also the {@link dev.muninn.node.replication.WriteAssurance} that bulk_docs waits on. */
    @Produces
    @Singleton
    dev.muninn.node.replication.outgoing.ReplicationLoader replication() {
        return replication;
    }

    /** The receiving end of replication, which http/ReplicationResource serves. */
    @Produces
    @Singleton
    dev.muninn.node.replication.incoming.IncomingReplication incomingReplication() {
        return new dev.muninn.node.replication.incoming.IncomingReplication(cluster, sandbox);
    }

    @Produces
    @Singleton
    dev.muninn.node.tasks.Operations operations() {
        return operations;
    }

    @Produces
    @Singleton
    dev.muninn.node.documents.ClusterTransactions clusterTransactions() {
        return clusterTransactions;
    }

    @Produces
    @Singleton
    JsSandbox sandbox() {
        return sandbox;
    }

    @Produces
    @Singleton
    dev.muninn.node.cluster.CertificateRegistry certificates() {
        return certificates;
    }

    @Produces
    @Singleton
    dev.muninn.node.storage.DatabaseKeys databaseKeys() {
        return databaseKeys;
    }

    @Produces
    @Singleton
    PatchScript patchScript() {
        return patchScript;
    }

    @PreDestroy
    void shutdown() {
        LOG.infof("node=%s event=node-stopping", cluster.nodeTagOrUnknown());
        supervisor.close();
        periodicBackups.close();
        dueDocuments.close();
        clusterTransactions.close();
        operations.close();
        replication.close();
        watchdog.close();
        unreachableMembersLast.close();
        raft.close();
        landlord.close();
        clusterStorage.close();
        serverStorage.close();
    }
}
