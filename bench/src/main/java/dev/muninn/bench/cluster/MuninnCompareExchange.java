package dev.muninn.bench.cluster;

import java.io.IOException;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Muninn cluster seen through compare-exchange: a command is a put of a 16-byte value under a new key with
 * index 0 (create-if-absent) in database {@value #DATABASE}, the operation closest to an etcd put. It answers once
 * a majority committed it and the member that took it applied it. Starting, killing and leadership are the
 * underlying {@link MuninnCluster}'s.
 */
final class MuninnCompareExchange implements ConsensusCluster {
    static final String DATABASE = "bench";
    private final MuninnCluster cluster;

    MuninnCompareExchange(MuninnCluster cluster) {
        this.cluster = cluster;
    }

    /** Creates the database the keys belong to (replication factor 3); the cluster must be started. */
    void prepare() throws Exception {
        Http.call("PUT", cluster.url(0) + "/admin/databases?name=" + DATABASE + "&replicationFactor=3",
                "{\"DatabaseName\":\"" + DATABASE + "\"}", Duration.ofSeconds(30));
    }

    @Override
    public String name() {
        return "Muninn cmpxchg";
    }

    @Override
    public String describe() {
        return "Muninn cmpxchg: command = PUT /databases/" + DATABASE + "/cmpxchg?key=<new>&index=0 with a 16-byte value";
    }

    @Override
    public int size() {
        return cluster.size();
    }

    @Override
    public String memberName(int member) {
        return cluster.memberName(member);
    }

    @Override
    public void start() {
        throw new UnsupportedOperationException("the underlying Muninn cluster is started on its own");
    }

    @Override
    public void commit(int member, long sequence, Duration timeout) throws Exception {
        JsonNode answer = Http.call("PUT", cluster.url(member) + "/databases/" + DATABASE + "/cmpxchg?key=k" + sequence
                + "-" + System.nanoTime() + "&index=0", "{\"Object\":\"0123456789abcdef\"}", timeout);
        if (!answer.path("Successful").asBoolean(false)) {
            throw new IOException("compare-exchange put not successful: " + answer);
        }
    }

    @Override
    public int leader(Duration within) throws Exception {
        return cluster.leader(within);
    }

    @Override
    public long pid(int member) {
        return cluster.pid(member);
    }

    @Override
    public long kill(int member) {
        return cluster.kill(member);
    }

    @Override
    public void restart(int member) throws Exception {
        cluster.restart(member);
    }
}
