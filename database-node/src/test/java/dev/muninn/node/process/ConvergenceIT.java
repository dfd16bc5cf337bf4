package dev.muninn.node.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import net.ravendb.client.documents.DocumentStore;
import net.ravendb.client.documents.session.IDocumentSession;
import net.ravendb.client.serverwide.DatabaseRecord;
import net.ravendb.client.serverwide.operations.CreateDatabaseOperation;
import net.ravendb.client.serverwide.operations.ModifyConflictSolverOperation;

/**
 * Randomized convergence on real processes: one writer per node (the official client, pinned to that node) writes
 * its own documents, each several times with increasing versions, and documents shared by all writers, while a
 * chaos thread kills nodes with -9 and restarts them (one down at a time). Once everything runs again, every member
 * must hold the same documents (same hash over id, content and change vector), no acknowledged write may be lost,
 * every shared document must hold one of the values written to it, and no document may be left in conflict.
 * <p>
 * The chaos is driven by a seed, printed at the start; {@code -Dmuninn.convergence.seed=<seed>} replays the same
 * choices (the timing of the writes still varies).
 */
@Tag("process")
class ConvergenceIT {
    static final String DB = "convergence";
    static final int NODES = 3;
    static final int OWN_IDS = 40;
    static final int SHARED_IDS = 20;
    static final Duration WRITING = Duration.ofSeconds(20);
    static final Duration MAX_WRITING = Duration.ofSeconds(30);
    static final int MAX_KILLS = 4;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // a failed run keeps the nodes' logs (nodeN.log)
    Path dir;

    /** A written document: who wrote it, the writer's sequence number, and the version of this id. */
    public static class Doc {
        private int writer;
        private long seq;
        private long version;
        private String value;

        public Doc() {
        }

        Doc(int writer, long seq, long version, String value) {
            this.writer = writer;
            this.seq = seq;
            this.version = version;
            this.value = value;
        }

        public int getWriter() { return writer; }
        public void setWriter(int writer) { this.writer = writer; }
        public long getSeq() { return seq; }
        public void setSeq(long seq) { this.seq = seq; }
        public long getVersion() { return version; }
        public void setVersion(long version) { this.version = version; }
        public String getValue() { return value; }
        public void setValue(String value) { this.value = value; }
    }

    /** What the writers did: the last acknowledged version of each own id, every value tried on each shared id. */
    static final class Ledger {
        final Map<String, Long> acknowledged = new ConcurrentHashMap<>();
        final Map<String, Long> attempted = new ConcurrentHashMap<>();
        final Map<String, Set<String>> sharedValues = new ConcurrentHashMap<>();
        final Set<String> sharedAcknowledged = ConcurrentHashMap.newKeySet();
        final AtomicInteger acks = new AtomicInteger();
        final AtomicInteger failures = new AtomicInteger();
    }

    static DocumentStore pinnedTo(NodeProcess node) {
        DocumentStore store = new DocumentStore(node.url(), DB);
        store.getConventions().setDisableTopologyUpdates(true);
        store.initialize();
        return store;
    }

    @Test
    void membersConvergeAfterRandomKillsUnderConcurrentWrites() throws Exception {
        long seed = Long.getLong("muninn.convergence.seed", System.nanoTime());
        System.out.println("ConvergenceIT seed=" + seed + " (replay: -Dmuninn.convergence.seed=" + seed + ")");
        System.out.println("ConvergenceIT node logs: " + dir + " (kept if the test fails)");
        long startedAt = System.nanoTime();
        try (ClusterFixture cluster = new ClusterFixture(dir, NODES, 18440, 3).start()) {
            try (DocumentStore store = pinnedTo(cluster.node(0))) {
                store.maintenance().server().send(new CreateDatabaseOperation(new DatabaseRecord(DB), NODES));
                store.maintenance().server().send(new ModifyConflictSolverOperation(DB, Map.of(), true));
            }
            cluster.awaitConverged(Duration.ofSeconds(15));
            for (NodeProcess node : cluster.nodes) { // the database is open everywhere before the writers start
                DatabaseState.awaitIdentical(List.of(node), DB, Duration.ofSeconds(10));
            }

            Ledger ledger = new Ledger();
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicReference<Throwable> unexpected = new AtomicReference<>();
            List<Thread> writers = new ArrayList<>();
            for (int i = 0; i < NODES; i++) {
                int writer = i;
                Thread thread = new Thread(() -> write(cluster.node(writer), writer, ledger, writing, unexpected),
                        "writer-" + i);
                thread.setDaemon(true);
                writers.add(thread);
            }
            List<String> chaosLog = new ArrayList<>();
            Thread chaos = new Thread(() -> chaos(cluster, new Random(seed), writing, chaosLog, unexpected), "chaos");
            chaos.setDaemon(true);
            writers.forEach(Thread::start);
            chaos.start();

            // At least WRITING; longer (up to MAX_WRITING) while the chaos has not had its kills: a restart takes
            // 3 s on an idle machine, over 10 s on a loaded one.
            long writingSince = System.nanoTime();
            while (System.nanoTime() - writingSince < MAX_WRITING.toNanos()
                    && (System.nanoTime() - writingSince < WRITING.toNanos() || chaos.isAlive())) {
                Thread.sleep(100);
            }
            writing.set(false);
            for (Thread thread : writers) {
                thread.join(30_000);
                assertThat(thread.isAlive()).as(thread.getName() + " stopped").isFalse();
            }
            chaos.join(60_000);
            assertThat(chaos.isAlive()).as("chaos stopped").isFalse();
            for (NodeProcess node : cluster.nodes) {
                if (!node.isAlive()) {
                    node.start();
                }
            }
            System.out.printf("ConvergenceIT seed=%d chaos=%s acknowledged=%d failed=%d ids acknowledged=%d+%d%n",
                    seed, chaosLog, ledger.acks.get(), ledger.failures.get(), ledger.acknowledged.size(),
                    ledger.sharedAcknowledged.size());
            assertThat(unexpected.get()).as("unexpected failure in a writer or the chaos thread").isNull();
            assertThat(chaosLog).as("the chaos killed nodes").isNotEmpty();
            assertThat(ledger.acks.get()).as("writes acknowledged").isGreaterThan(100);

            long restartedAt = System.nanoTime();
            Map<String, DatabaseState> states = DatabaseState.awaitIdentical(cluster.nodes, DB,
                    Duration.ofSeconds(30));
            System.out.printf("ConvergenceIT seed=%d: members identical %.1f s after the last restart: %s%n", seed,
                    (System.nanoTime() - restartedAt) / 1e9, states.values().iterator().next().summary());

            long resolved = states.values().iterator().next().byId().values().stream()
                    .filter(d -> d.path("@metadata").path("@flags").asText().contains("Resolved")).count();
            System.out.printf("ConvergenceIT seed=%d: %d documents hold a conflict resolution%n", seed, resolved);
            for (NodeProcess node : cluster.nodes) {
                Map<String, JsonNode> docs = states.get(node.url()).byId();
                for (Map.Entry<String, Long> acked : ledger.acknowledged.entrySet()) {
                    JsonNode doc = docs.get(acked.getKey());
                    assertThat(doc).as(acked.getKey() + " (acknowledged at version " + acked.getValue() + ") on "
                            + node.url() + ", seed " + seed).isNotNull();
                    assertThat(doc.path("version").asLong()).as(acked.getKey() + " on " + node.url() + ", seed "
                            + seed).isBetween(acked.getValue(), ledger.attempted.get(acked.getKey()));
                }
                for (Map.Entry<String, Set<String>> shared : ledger.sharedValues.entrySet()) {
                    JsonNode doc = docs.get(shared.getKey());
                    if (ledger.sharedAcknowledged.contains(shared.getKey())) {
                        assertThat(doc).as(shared.getKey() + " on " + node.url() + ", seed " + seed).isNotNull();
                    }
                    if (doc != null) {
                        assertThat(shared.getValue()).as(shared.getKey() + " on " + node.url() + ", seed " + seed)
                                .contains(doc.path("value").asText());
                    }
                }
                // No document is left in conflict; an id whose every write failed may be absent (404).
                Set<String> ids = new java.util.TreeSet<>(docs.keySet());
                ids.addAll(ledger.attempted.keySet());
                ids.addAll(ledger.sharedValues.keySet());
                for (String id : ids) {
                    assertThat(DatabaseState.status(node.url(), DB, id)).as(id + " on " + node.url() + ", seed " + seed)
                            .isEqualTo(docs.containsKey(id) ? 200 : 404);
                }
            }
        }
        System.out.printf("ConvergenceIT took %.1f s%n", (System.nanoTime() - startedAt) / 1e9);
    }

    /** Writes until told to stop; a write that fails (its node is down) is counted and the writer carries on. */
    static void write(NodeProcess node, int writer, Ledger ledger, AtomicBoolean writing,
                      AtomicReference<Throwable> unexpected) {
        long[] versions = new long[OWN_IDS];
        Random random = new Random(writer);
        DocumentStore store = null;
        try {
            for (long seq = 1; writing.get(); seq++) {
                int k = (int) (seq % OWN_IDS);
                String own = "w" + writer + "/" + k;
                long version = ++versions[k];
                ledger.attempted.put(own, version);
                String shared = null;
                String value = "w" + writer + "-" + seq;
                if (seq % 2 == 0) {
                    shared = "shared/" + random.nextInt(SHARED_IDS);
                    // recorded before the attempt: a write whose answer is lost may still have been applied
                    ledger.sharedValues.computeIfAbsent(shared, id -> ConcurrentHashMap.newKeySet()).add(value);
                }
                try {
                    if (store == null) {
                        store = pinnedTo(node);
                    }
                    try (IDocumentSession session = store.openSession()) {
                        session.store(new Doc(writer, seq, version, value), own);
                        if (shared != null) {
                            session.store(new Doc(writer, seq, 0, value), shared);
                        }
                        session.saveChanges();
                    }
                    ledger.acknowledged.put(own, version);
                    if (shared != null) {
                        ledger.sharedAcknowledged.add(shared);
                    }
                    ledger.acks.incrementAndGet();
                } catch (RuntimeException nodeDown) {
                    ledger.failures.incrementAndGet();
                    if (store != null) {
                        store.close(); // a fresh client once the node is back: no failure state carried over
                        store = null;
                    }
                    Thread.sleep(100);
                }
            }
        } catch (Throwable t) {
            unexpected.compareAndSet(null, t);
        } finally {
            if (store != null) {
                store.close();
            }
        }
    }

    /** Kills a random node with -9 and restarts it, a few times, one node down at a time. */
    static void chaos(ClusterFixture cluster, Random random, AtomicBoolean writing, List<String> log,
                      AtomicReference<Throwable> unexpected) {
        try {
            for (int kills = 0; kills < MAX_KILLS && writing.get(); kills++) {
                Thread.sleep(500 + random.nextInt(1_000));
                if (!writing.get()) {
                    break;
                }
                int victim = random.nextInt(NODES);
                long downFor = 200 + random.nextInt(1_000);
                NodeProcess node = cluster.node(victim);
                node.kill();
                Thread.sleep(downFor);
                long restarting = System.nanoTime();
                node.start();
                synchronized (log) {
                    log.add(String.format(java.util.Locale.ROOT, "node%d down %d ms + restart %.1f s", victim + 1,
                            downFor, (System.nanoTime() - restarting) / 1e9));
                }
            }
        } catch (Throwable t) {
            unexpected.compareAndSet(null, t);
        }
    }
}
