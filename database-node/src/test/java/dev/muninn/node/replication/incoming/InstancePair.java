package dev.muninn.node.replication.incoming;

import java.nio.file.Path;

import dev.muninn.node.cluster.ClusterState;
import dev.muninn.node.cluster.state.ClusterStore;
import dev.muninn.node.documents.DatabaseInstance;
import dev.muninn.node.script.JsSandbox;
import dev.muninn.node.storage.ServerStorage;
import dev.muninn.node.storage.StorageEnvironment;

/**
 * Two real instances of database "shop", A (the sender's) and B (the receiver's), and the receiving end of
 * replication on B's node over a cluster state with no database records (test helper).
 */
public final class InstancePair implements AutoCloseable {
    public final DatabaseInstance a;
    public final DatabaseInstance b;
    public final IncomingReplication incoming;
    private final ServerStorage system;
    private final ServerStorage clusterStorage;

    public InstancePair(Path dir) {
        a = DatabaseInstance.open("shop", "A", dir.resolve("a"), true, 1024);
        b = DatabaseInstance.open("shop", "B", dir.resolve("b"), true, 1024);
        system = ServerStorage.system(new StorageEnvironment(dir.resolve("System"), true));
        clusterStorage = ServerStorage.cluster(new StorageEnvironment(dir.resolve("Cluster"), false));
        incoming = new IncomingReplication(new ClusterState(system, new ClusterStore(clusterStorage)), new JsSandbox());
    }

    @Override
    public void close() {
        a.close();
        b.close();
        clusterStorage.close();
        system.close();
    }
}
