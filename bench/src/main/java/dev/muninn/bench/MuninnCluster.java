package dev.muninn.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Three Muninn nodes on 127.0.0.101-103:8080 (Raft on :38888) joined through the public admin API. A command is
 * {@code POST /admin/cluster/noop}: committed by a majority and applied before the answer, from any node.
 */
final class MuninnCluster implements BenchCluster {
    private final List<OwnedProcess> nodes = new ArrayList<>();
    private final List<String> urls = new ArrayList<>();

    MuninnCluster(Path jar, Path work) {
        for (int i = 1; i <= 3; i++) {
            String host = "127.0.0." + (100 + i);
            urls.add("http://" + host + ":8080");
            nodes.add(new OwnedProcess(List.of("java", "-Xmx512m", "-jar", jar.toString()), Map.of(
                    "MUNINN_ServerUrl", "http://" + host + ":8080",
                    "MUNINN_ServerUrl_Tcp", host + ":38888",
                    "MUNINN_DataDir", work.resolve("muninn-" + i).toString(),
                    "MUNINN_Cluster_OperationTimeoutInSec", "5"), work.resolve("muninn-" + i + ".log")));
        }
    }

    @Override
    public String name() {
        return "Muninn";
    }

    @Override
    public int size() {
        return nodes.size();
    }

    @Override
    public void start() throws Exception {
        for (int i = 0; i < nodes.size(); i++) {
            nodes.get(i).start(List.of());
            awaitUp(i);
        }
        for (int i = 1; i < nodes.size(); i++) {
            HttpCalls.call("PUT", urls.get(0) + "/admin/cluster/node?url=" + urls.get(i), null, Duration.ofSeconds(30));
        }
    }

    private void awaitUp(int i) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!HttpCalls.answers(urls.get(i) + "/cluster/node-info")) {
            if (System.nanoTime() > deadline || !nodes.get(i).alive()) {
                throw new IllegalStateException("Muninn node " + (i + 1) + " did not start; see " + nodes.get(i).log());
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void commit(int member, long sequence) throws Exception {
        HttpCalls.call("POST", urls.get(member) + "/admin/cluster/noop", null, Duration.ofSeconds(2));
    }

    @Override
    public int leader() throws Exception {
        for (int i = 0; i < nodes.size(); i++) {
            if (!nodes.get(i).alive()) {
                continue;
            }
            JsonNode topology = HttpCalls.call("GET", urls.get(i) + "/cluster/topology", null, Duration.ofSeconds(2));
            String tag = topology.path("Leader").asText("");
            String url = topology.path("Topology").path("AllNodes").path(tag).asText("");
            if (urls.contains(url)) {
                return urls.indexOf(url);
            }
        }
        throw new IllegalStateException("Muninn reports no leader");
    }

    @Override
    public void kill(int member) throws InterruptedException {
        nodes.get(member).kill();
    }

    @Override
    public void restart(int member) throws Exception {
        nodes.get(member).start(List.of());
        awaitUp(member);
    }

    @Override
    public boolean alive(int member) {
        return nodes.get(member).alive();
    }

    @Override
    public void close() {
        OwnedProcess.killAll(nodes);
    }
}
