package dev.muninn.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Cluster commands while nodes are stopped and restarted at random (bounded: a fixed number of steps, a seed
 * printed for replay). At the end every node has the same state hash and every acknowledged command is in it.
 */
class RandomizedFaultTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final int STEPS = 16;

    @TempDir
    Path dir;

    @Test
    void acknowledgedCommandsSurviveRandomRestarts() throws Exception {
        long seed = Long.getLong("muninn.fault.seed", System.nanoTime());
        Random random = new Random(seed);
        List<String> acknowledged = new ArrayList<>();
        int refused = 0;
        try (InJvmCluster cluster = new InJvmCluster(dir, 3, 19800).form()) {
            for (int step = 0; step < STEPS; step++) {
                InJvmCluster.Node victim = cluster.node(random.nextInt(3));
                if (victim.running() && cluster.nodes.stream().filter(InJvmCluster.Node::running).count() > 1) {
                    victim.stop();
                } else if (!victim.running()) {
                    victim.start();
                }
                InJvmCluster.Node via = cluster.nodes.stream().filter(InJvmCluster.Node::running)
                        .skip(random.nextInt((int) cluster.nodes.stream().filter(InJvmCluster.Node::running).count()))
                        .findFirst().orElseThrow();
                String name = "db" + step;
                try {
                    via.client.createDatabase(name, 1, List.of(), JSON.createObjectNode());
                    acknowledged.add(name);
                } catch (NoLeaderException e) {
                    refused++; // no majority at this step: refused in bounded time, may or may not apply later
                }
            }
            for (InJvmCluster.Node node : cluster.nodes) {
                if (!node.running()) {
                    node.start();
                }
            }
            cluster.awaitCommit(cluster.node(0), java.time.Duration.ofSeconds(20));
            cluster.awaitConverged();
            for (InJvmCluster.Node node : cluster.nodes) {
                for (String name : acknowledged) {
                    assertThat(node.state.record(name)).as("seed %d: %s on %s", seed, name,
                            node.state.nodeTagOrUnknown()).isPresent();
                }
            }
        }
        assertThat(acknowledged).as("seed %d: some commands succeeded (refused %d)", seed, refused).isNotEmpty();
    }
}
