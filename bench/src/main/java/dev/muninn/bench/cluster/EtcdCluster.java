package dev.muninn.bench.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Three etcd members m1..m3 on loopback (clients on 127.0.0.1:2379/2381/2383, peers on :2380/2382/2384), data under
 * the work directory, etcd's default timing (heartbeat 100 ms, election 1000 ms) and its WAL fsync on every commit.
 * A command is a put of a 16-byte value under a new key through the v3 JSON gateway; a member that does not lead
 * forwards the proposal to the leader and answers once the put is committed and applied on itself.
 */
final class EtcdCluster implements ConsensusCluster {
    static final int MEMBERS = 3;
    static final String BINARY = "/usr/bin/etcd";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final String VALUE = Base64.getEncoder()
            .encodeToString("0123456789abcdef".getBytes(StandardCharsets.UTF_8));
    private final List<ServerProcess> members = new ArrayList<>();
    private final List<String> clientUrls = new ArrayList<>();
    private final String version;

    EtcdCluster(ProcessOwner owner, String version) {
        this.version = version;
        StringBuilder initial = new StringBuilder();
        for (int i = 0; i < MEMBERS; i++) {
            initial.append(i == 0 ? "" : ",").append("m").append(i + 1).append('=').append(peerUrl(i));
        }
        for (int i = 0; i < MEMBERS; i++) {
            String client = "http://127.0.0.1:" + clientPort(i);
            clientUrls.add(client);
            members.add(owner.define("etcd-m" + (i + 1), List.of(BINARY,
                    "--name", "m" + (i + 1),
                    "--data-dir", owner.work().resolve("etcd-m" + (i + 1)).toString(),
                    "--listen-client-urls", client, "--advertise-client-urls", client,
                    "--listen-peer-urls", peerUrl(i), "--initial-advertise-peer-urls", peerUrl(i),
                    "--initial-cluster", initial.toString(), "--initial-cluster-token", "muninn-bench"), Map.of()));
        }
    }

    private static int clientPort(int i) {
        return 2379 + 2 * i;
    }

    private static String peerUrl(int i) {
        return "http://127.0.0.1:" + (clientPort(i) + 1);
    }

    /** Fails when an etcd port is already taken (a system etcd, or one left by another run). */
    static void checkPortsFree() {
        for (int i = 0; i < MEMBERS; i++) {
            for (int port : new int[] {clientPort(i), clientPort(i) + 1}) {
                if (Http.listening("127.0.0.1", port)) {
                    throw new IllegalStateException("127.0.0.1:" + port + " is already in use (the system's etcd "
                            + "service? an earlier bench?); stop it first");
                }
            }
        }
    }

    @Override
    public String name() {
        return "etcd";
    }

    @Override
    public String describe() {
        return "etcd " + version + ": 3 members, defaults (heartbeat 100 ms, election 1000 ms, WAL fsync per "
                + "commit); command = 16-byte put under a new key via POST /v3/kv/put";
    }

    @Override
    public int size() {
        return MEMBERS;
    }

    @Override
    public String memberName(int member) {
        return "member m" + (member + 1) + " (127.0.0.1:" + clientPort(member) + ")";
    }

    @Override
    public void start() throws Exception {
        for (ServerProcess member : members) {
            member.start(List.of("--initial-cluster-state", "new"));
        }
        for (int i = 0; i < MEMBERS; i++) {
            awaitCaughtUp(i);
        }
    }

    /**
     * Back in the cluster: a put through the member succeeds. etcd answers a put only after the member that took it
     * applied it, so this also means the member caught up to that point of the log.
     */
    private void awaitCaughtUp(int i) throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String last = "nothing tried";
        while (System.nanoTime() < deadline) {
            ServerProcess member = members.get(i);
            if (!member.alive()) {
                throw new IllegalStateException(member.name() + " exited; last log lines:\n" + member.logTail(30));
            }
            try {
                commit(i, -System.nanoTime(), Duration.ofSeconds(2));
                return;
            } catch (IOException e) {
                last = Http.describe(e);
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException(memberName(i) + " not back in the cluster after " + START_TIMEOUT.toSeconds()
                + " s: " + last + "; see " + members.get(i).log());
    }

    @Override
    public void commit(int member, long sequence, Duration timeout) throws Exception {
        String key = Base64.getEncoder().encodeToString(("bench/" + sequence).getBytes(StandardCharsets.UTF_8));
        JsonNode answer = Http.call("POST", clientUrls.get(member) + "/v3/kv/put",
                "{\"key\":\"" + key + "\",\"value\":\"" + VALUE + "\"}", timeout);
        if (!answer.path("header").has("revision")) {
            throw new IOException("put answered without a revision: " + answer);
        }
    }

    @Override
    public int leader(Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        String seen = "";
        do {
            List<String> ids = new ArrayList<>();
            String leader = null;
            for (int i = 0; i < MEMBERS; i++) {
                ids.add(null);
                if (!members.get(i).alive()) {
                    continue;
                }
                try {
                    JsonNode status = Http.call("POST", clientUrls.get(i) + "/v3/maintenance/status", "{}",
                            Duration.ofSeconds(2));
                    ids.set(i, status.path("header").path("member_id").asText());
                    String reported = status.path("leader").asText("0");
                    seen = "m" + (i + 1) + " says leader=" + reported;
                    if (!reported.equals("0")) {
                        leader = reported;
                    }
                } catch (IOException e) {
                    seen = "m" + (i + 1) + ": " + Http.describe(e);
                }
            }
            if (leader != null && ids.contains(leader)) {
                return ids.indexOf(leader);
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new IllegalStateException("no etcd member reports a live leader (" + seen + ")");
    }

    @Override
    public long pid(int member) {
        return members.get(member).pid();
    }

    @Override
    public long kill(int member) {
        return members.get(member).kill();
    }

    @Override
    public void restart(int member) throws Exception {
        // The data directory exists, so etcd rejoins from it; "existing" is what a restarted member is told.
        members.get(member).start(List.of("--initial-cluster-state", "existing"));
        awaitCaughtUp(member);
    }
}
