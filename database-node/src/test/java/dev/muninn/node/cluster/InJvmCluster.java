package dev.muninn.node.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.muninn.node.cluster.raft.ClusterStateMachine;
import dev.muninn.node.cluster.raft.RaftNode;
import dev.muninn.node.cluster.state.ClusterStore;
import dev.muninn.node.storage.ServerStorage;
import dev.muninn.node.storage.StorageEnvironment;

/**
 * N cluster nodes in one JVM (each with its own Xodus environment and Ratis server on 127.0.0.1), in the spirit
 * of Ratis' MiniRaftCluster. No HTTP: peers are identified through an in-memory directory.
 */
final class InJvmCluster implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(3);

    final class Node {
        final int index;
        final String url;
        final String raftAddress;
        final Path dir;
        ServerStorage storage;
        ServerStorage clusterStorage;
        ClusterState state;
        RaftNode raft;
        ClusterClient client;
        RoleWatchdog watchdog;

        Node(int index, int port, Path dir) {
            this.index = index;
            this.url = "http://node" + index;
            this.raftAddress = "127.0.0.1:" + port;
            this.dir = dir;
        }

        Node start() {
            storage = ServerStorage.system(new StorageEnvironment(dir.resolve("System"), true));
            clusterStorage = ServerStorage.cluster(new StorageEnvironment(dir.resolve("Cluster"), false));
            ClusterStore store = new ClusterStore(clusterStorage);
            state = new ClusterState(storage, store);
            raft = new RaftNode(state.serverId(), raftAddress, raftAddress, dir.resolve("Raft"),
                    () -> new ClusterStateMachine(store, state::applied), TIMEOUT);
            client = new ClusterClient(state, raft, url, TIMEOUT, directory);
            watchdog = new RoleWatchdog(state, raft, url -> { throw new ClusterCommandException("no HTTP in this test cluster"); });
            return this;
        }

        boolean running() {
            return raft != null;
        }

        void stop() {
            if (raft != null) {
                watchdog.close();
                raft.close();
                clusterStorage.close();
                storage.close();
                raft = null;
            }
        }
    }

    private final Map<String, Node> byUrl = new ConcurrentHashMap<>();
    final List<Node> nodes = new ArrayList<>();
    final PeerDirectory directory = url -> {
        Node node = byUrl.get(url);
        if (node == null || !node.running()) {
            throw new ClusterCommandException("Cannot reach " + url);
        }
        return new PeerDirectory.PeerIdentity(node.state.serverId(), node.raftAddress,
                node.state.topologyId().orElse(null));
    };

    InJvmCluster(Path dir, int count, int basePort) {
        for (int i = 0; i < count; i++) {
            Node node = new Node(i, basePort + i, dir.resolve("n" + i));
            nodes.add(node);
            byUrl.put(node.url, node);
        }
    }

    /** Starts every node and joins them to the first one's cluster. */
    InJvmCluster form() throws InterruptedException {
        nodes.forEach(Node::start);
        Node first = nodes.get(0);
        first.client.bootstrapIfPassive();
        for (Node node : nodes.subList(1, nodes.size())) {
            first.client.addNode(node.url, null, false);
        }
        awaitConverged();
        return this;
    }

    Node node(int i) {
        return nodes.get(i);
    }

    Node leader() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (System.nanoTime() < deadline) {
            for (Node node : nodes) {
                if (node.running() && node.raft.isLeader()) {
                    return node;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("No leader within 15 s");
    }

    /** Retries a no-op until a majority commits it: how long a cluster takes to work again after a return. */
    long awaitCommit(Node via, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return via.client.noop("await commit");
            } catch (NoLeaderException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    Node anyRunningExcept(Node excluded) {
        return nodes.stream().filter(n -> n != excluded && n.running()).findFirst().orElseThrow();
    }

    String awaitConverged() throws InterruptedException {
        return awaitConverged(nodes);
    }

    /** Waits until the given running nodes have the same applied index and state hash. */
    String awaitConverged(List<Node> among) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<String> states = List.of();
        while (System.nanoTime() < deadline) {
            List<String> distinct = among.stream().filter(Node::running)
                    .map(n -> n.state.index() + "/" + n.state.stateHash()).distinct().toList();
            if (distinct.size() == 1) {
                return distinct.get(0);
            }
            states = among.stream().filter(Node::running)
                    .map(n -> n.state.nodeTagOrUnknown() + "@" + n.state.index()).toList();
            Thread.sleep(50);
        }
        throw new AssertionError("Nodes did not converge: " + states);
    }

    @Override
    public void close() {
        nodes.forEach(Node::stop);
    }
}
