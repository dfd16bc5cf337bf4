package dev.muninn.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Three etcd members on loopback (clients on 127.0.0.1:2379/2381/2383), defaults for heartbeat (100 ms) and
 * election (1000 ms) timeouts; etcd fsyncs its WAL on every commit. A command is a small put through the v3 JSON
 * gateway, which any member forwards to the leader.
 */
final class EtcdCluster implements BenchCluster {
    private final List<OwnedProcess> members = new ArrayList<>();
    private final List<String> clientUrls = new ArrayList<>();
    private final List<List<String>> arguments = new ArrayList<>();

    EtcdCluster(Path work) {
        StringBuilder initial = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            initial.append(i == 0 ? "" : ",").append("m").append(i).append("=http://127.0.0.1:").append(2380 + 2 * i);
        }
        for (int i = 0; i < 3; i++) {
            String client = "http://127.0.0.1:" + (2379 + 2 * i);
            String peer = "http://127.0.0.1:" + (2380 + 2 * i);
            clientUrls.add(client);
            arguments.add(List.of("--name", "m" + i, "--data-dir", work.resolve("etcd-" + i).toString(),
                    "--listen-client-urls", client, "--advertise-client-urls", client,
                    "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
                    "--initial-cluster", initial.toString(), "--initial-cluster-token", "muninn-bench"));
            members.add(new OwnedProcess(List.of("/usr/bin/etcd"), Map.of(), work.resolve("etcd-" + i + ".log")));
        }
    }

    @Override
    public String name() {
        return "etcd";
    }

    @Override
    public int size() {
        return members.size();
    }

    @Override
    public void start() throws Exception {
        for (int i = 0; i < members.size(); i++) {
            List<String> args = new ArrayList<>(arguments.get(i));
            args.addAll(List.of("--initial-cluster-state", "new"));
            members.get(i).start(args);
        }
        for (int i = 0; i < members.size(); i++) {
            awaitUp(i);
        }
        leader();
    }

    private void awaitUp(int i) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                HttpCalls.call("POST", clientUrls.get(i) + "/v3/maintenance/status", "{}", Duration.ofSeconds(1));
                return;
            } catch (Exception notYet) {
                if (System.nanoTime() > deadline || !members.get(i).alive()) {
                    throw new IllegalStateException("etcd member " + i + " did not start; see " + members.get(i).log());
                }
                Thread.sleep(100);
            }
        }
    }

    @Override
    public void commit(int member, long sequence) throws Exception {
        String key = Base64.getEncoder().encodeToString(("bench/" + sequence).getBytes(StandardCharsets.UTF_8));
        String value = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.UTF_8));
        HttpCalls.call("POST", clientUrls.get(member) + "/v3/kv/put",
                "{\"key\":\"" + key + "\",\"value\":\"" + value + "\"}", Duration.ofSeconds(2));
    }

    @Override
    public int leader() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            List<String> ids = new ArrayList<>();
            String leader = null;
            for (int i = 0; i < members.size(); i++) {
                if (!members.get(i).alive()) {
                    ids.add(null);
                    continue;
                }
                try {
                    JsonNode status = HttpCalls.call("POST", clientUrls.get(i) + "/v3/maintenance/status", "{}",
                            Duration.ofSeconds(1));
                    ids.add(status.path("header").path("member_id").asText());
                    String reported = status.path("leader").asText("0");
                    if (!reported.equals("0")) {
                        leader = reported;
                    }
                } catch (Exception notAnswering) {
                    ids.add(null);
                }
            }
            if (leader != null && ids.contains(leader)) {
                return ids.indexOf(leader);
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("etcd reports no leader");
    }

    @Override
    public void kill(int member) throws InterruptedException {
        members.get(member).kill();
    }

    @Override
    public void restart(int member) throws Exception {
        List<String> args = new ArrayList<>(arguments.get(member));
        args.addAll(List.of("--initial-cluster-state", "existing"));
        members.get(member).start(args);
        awaitUp(member);
    }

    @Override
    public boolean alive(int member) {
        return members.get(member).alive();
    }

    @Override
    public void close() {
        OwnedProcess.killAll(members);
    }
}
