package dev.muninn.bench.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Three Muninn nodes on 127.0.0.101-103:8080 (Raft on :38888), data under the work directory, joined through the
 * admin API as a client would (node 1 founds the cluster as A on the first {@code PUT /admin/cluster/node}). A
 * command is {@code POST /admin/cluster/noop}: it answers once a majority committed it and the leader applied it;
 * a follower forwards it to the leader.
 */
final class MuninnCluster implements ConsensusCluster {
    static final int NODES = 3;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private final List<ServerProcess> nodes = new ArrayList<>();
    private final List<String> urls = new ArrayList<>();
    private final List<String> tags = new ArrayList<>();

    MuninnCluster(ProcessOwner owner, Path jar) {
        for (int i = 1; i <= NODES; i++) {
            String host = host(i);
            urls.add("http://" + host + ":8080");
            tags.add("?");
            List<String> command = new ArrayList<>(List.of("java", "-Xmx512m", "-XX:+ExitOnOutOfMemoryError"));
            // MUNINN_BENCH_NODE_OPTS: extra JVM options for the nodes (e.g. JIT settings), to compare runs.
            String extra = System.getenv().getOrDefault("MUNINN_BENCH_NODE_OPTS", "").trim();
            if (!extra.isEmpty()) {
                command.addAll(List.of(extra.split("\\s+")));
            }
            command.addAll(List.of("-jar", jar.toString()));
            nodes.add(owner.define("muninn-" + i, command, Map.of(
                    "MUNINN_ServerUrl", "http://" + host + ":8080",
                    "MUNINN_ServerUrl_Tcp", host + ":38888",
                    "MUNINN_DataDir", owner.work().resolve("muninn-" + i).toString(),
                    "MUNINN_Cluster_OperationTimeoutInSec", "5")));
        }
    }

    private static String host(int i) {
        return "127.0.0." + (100 + i);
    }

    /** Fails when a Muninn port is already taken (another bench or ./muninn up). */
    static void checkPortsFree() {
        for (int i = 1; i <= NODES; i++) {
            for (int port : new int[] {8080, 38888}) {
                if (Http.listening(host(i), port)) {
                    throw new IllegalStateException(host(i) + ":" + port + " is already in use (./muninn up? "
                            + "bench replication? an earlier bench?); stop it first");
                }
            }
        }
    }

    /** The HTTP URL of member {@code member} (0-based). */
    String url(int member) {
        return urls.get(member);
    }

    @Override
    public String name() {
        return "Muninn";
    }

    @Override
    public String describe() {
        return "Muninn: 3 nodes, Apache Ratis over gRPC, election timeout 400-800 ms, "
                + "Cluster.OperationTimeoutInSec=5, JVM -Xmx512m each; command = POST /admin/cluster/noop";
    }

    @Override
    public int size() {
        return NODES;
    }

    @Override
    public String memberName(int member) {
        return "node " + tags.get(member) + " (" + host(member + 1) + ")";
    }

    @Override
    public void start() throws Exception {
        for (ServerProcess node : nodes) {
            node.start(List.of());
        }
        for (int i = 0; i < NODES; i++) {
            awaitAnswering(i);
        }
        for (int i = 1; i < NODES; i++) {
            JsonNode added = Http.call("PUT", urls.get(0) + "/admin/cluster/node?url=" + urls.get(i), null,
                    Duration.ofSeconds(60));
            tags.set(i, added.path("Tag").asText("?"));
        }
        JsonNode topology = Http.call("GET", urls.get(0) + "/cluster/topology", null, Duration.ofSeconds(5));
        tags.set(0, topology.path("NodeTag").asText("?"));
        JsonNode members = topology.path("Topology").path("Members");
        if (members.size() != NODES) {
            throw new IllegalStateException("Muninn cluster formed with members " + members + ", expected "
                    + NODES);
        }
        for (int i = 0; i < NODES; i++) {
            awaitCaughtUp(i);
        }
    }

    private void awaitAnswering(int i) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!Http.answers(urls.get(i) + "/cluster/node-info")) {
            ServerProcess node = nodes.get(i);
            if (!node.alive()) {
                throw new IllegalStateException(node.name() + " exited; last log lines:\n" + node.logTail(30));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(node.name() + " did not answer GET /cluster/node-info within "
                        + START_TIMEOUT.toSeconds() + " s; see " + node.log());
            }
            Thread.sleep(100);
        }
    }

    /**
     * Back in the cluster: a no-op sent through the node commits, and the node itself has applied the cluster
     * state up to that command's index (the no-op answer only waits for the leader's apply).
     */
    private void awaitCaughtUp(int i) throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String last = "nothing tried";
        while (System.nanoTime() < deadline) {
            try {
                long index = Http.call("POST", urls.get(i) + "/admin/cluster/noop", null, Duration.ofSeconds(6))
                        .path("RaftCommandIndex").asLong(-1);
                while (System.nanoTime() < deadline) {
                    long applied = Http.call("GET", urls.get(i) + "/admin/cluster/state", null,
                            Duration.ofSeconds(2)).path("Index").asLong(-1);
                    if (applied >= index) {
                        return;
                    }
                    last = "applied index " + applied + " < committed no-op " + index;
                    Thread.sleep(50);
                }
            } catch (java.io.IOException e) {
                last = Http.describe(e);
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException(memberName(i) + " not back in the cluster after "
                + START_TIMEOUT.toSeconds() + " s: " + last);
    }

    @Override
    public void commit(int member, long sequence, Duration timeout) throws Exception {
        JsonNode answer = Http.call("POST", urls.get(member) + "/admin/cluster/noop", null, timeout);
        if (!answer.path("RaftCommandIndex").canConvertToLong() || answer.path("RaftCommandIndex").asLong() <= 0) {
            throw new java.io.IOException("no-op answered without a RaftCommandIndex: " + answer);
        }
    }

    @Override
    public int leader(Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        String seen = "";
        do {
            for (int i = 0; i < NODES; i++) {
                if (!nodes.get(i).alive()) {
                    continue;
                }
                try {
                    JsonNode topology = Http.call("GET", urls.get(i) + "/cluster/topology", null,
                            Duration.ofSeconds(2));
                    String tag = topology.path("Leader").asText("");
                    String url = topology.path("Topology").path("Members").path(tag).asText("");
                    int leader = urls.indexOf(url);
                    seen = "node " + (i + 1) + " says Leader=" + (tag.isEmpty() ? "null" : tag) + " at " + url;
                    if (leader >= 0 && nodes.get(leader).alive()) {
                        return leader;
                    }
                } catch (java.io.IOException e) {
                    seen = "node " + (i + 1) + ": " + Http.describe(e);
                }
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new IllegalStateException("no Muninn node reports a live leader (" + seen + ")");
    }

    @Override
    public long pid(int member) {
        return nodes.get(member).pid();
    }

    @Override
    public long kill(int member) {
        return nodes.get(member).kill();
    }

    @Override
    public void restart(int member) throws Exception {
        nodes.get(member).start(List.of());
        awaitAnswering(member);
        awaitCaughtUp(member);
    }
}
