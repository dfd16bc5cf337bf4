package dev.muninn.node.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.ravendb.client.documents.DocumentStore;
import net.ravendb.client.documents.session.IDocumentSession;
import net.ravendb.client.serverwide.DatabaseRecord;
import net.ravendb.client.serverwide.operations.CreateDatabaseOperation;

/**
 * Crash test in the style of Xodus' CrashTest: concurrent writers through the official client, SIGKILL of the
 * node mid-stream, restart on the same data. Every acknowledged write must be there, and every batch is all or
 * nothing (acknowledged or not).
 */
@Tag("process")
class KillDurabilityIT {
    static final int WRITERS = 8;
    static final int BATCH = 5;
    static final int ROUNDS = 2;

    @TempDir
    Path dir;

    public static class Item {
        private String writer;
        private long sequence;

        public Item() {
        }

        Item(String writer, long sequence) {
            this.writer = writer;
            this.sequence = sequence;
        }

        public String getWriter() { return writer; }
        public void setWriter(String writer) { this.writer = writer; }
        public long getSequence() { return sequence; }
        public void setSequence(long sequence) { this.sequence = sequence; }
    }

    @Test
    void everyAcknowledgedWriteSurvivesKillDashNine() throws Exception {
        String url = "http://127.0.0.1:18091";
        Map<String, Long> acknowledged = new ConcurrentHashMap<>();
        Set<String> attemptedBatches = ConcurrentHashMap.newKeySet();
        try (NodeProcess node = new NodeProcess(url, dir.resolve("node")).start()) {
            try (DocumentStore store = new DocumentStore(url, "crash")) {
                store.initialize();
                store.maintenance().server().send(new CreateDatabaseOperation(new DatabaseRecord("crash")));
            }
            for (int round = 0; round < ROUNDS; round++) {
                runWritersThenKill(node, url, round, acknowledged, attemptedBatches);
                node.start();
                verify(url, acknowledged, attemptedBatches);
            }
        }
        assertThat(acknowledged).as("writers made progress before each kill").hasSizeGreaterThan(100);
    }

    private void runWritersThenKill(NodeProcess node, String url, int round, Map<String, Long> acknowledged,
                                    Set<String> attemptedBatches) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try (DocumentStore store = new DocumentStore(url, "crash")) {
            store.getConventions().setDisableTopologyUpdates(true);
            store.initialize();
            for (int w = 0; w < WRITERS; w++) {
                String writer = "r" + round + "w" + w;
                pool.submit(() -> write(store, writer, stop, acknowledged, attemptedBatches));
            }
            Thread.sleep(2500);
            node.kill();
            stop.set(true);
            pool.shutdown();
            assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        }
    }

    private static void write(DocumentStore store, String writer, AtomicBoolean stop, Map<String, Long> acknowledged,
                              Set<String> attemptedBatches) {
        for (long seq = 0; !stop.get(); seq++) {
            boolean batch = seq % 4 == 3;
            String batchId = writer + "-b" + seq;
            try (IDocumentSession session = store.openSession()) {
                if (batch) {
                    attemptedBatches.add(batchId);
                    for (int i = 0; i < BATCH; i++) {
                        session.store(new Item(writer, seq), "items/" + batchId + "-" + i);
                    }
                } else {
                    session.store(new Item(writer, seq), "items/" + writer + "-" + seq);
                }
                session.saveChanges();
                if (batch) {
                    for (int i = 0; i < BATCH; i++) {
                        acknowledged.put("items/" + batchId + "-" + i, seq);
                    }
                } else {
                    acknowledged.put("items/" + writer + "-" + seq, seq);
                }
            } catch (RuntimeException nodeGone) {
                return; // the node was killed; this write was never acknowledged
            }
        }
    }

    private static void verify(String url, Map<String, Long> acknowledged, Set<String> attemptedBatches) {
        try (DocumentStore store = new DocumentStore(url, "crash")) {
            store.getConventions().setDisableTopologyUpdates(true);
            store.initialize();
            List<String> ids = new ArrayList<>(acknowledged.keySet());
            for (int from = 0; from < ids.size(); from += 200) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + 200));
                try (IDocumentSession session = store.openSession()) {
                    Map<String, Item> loaded = session.load(Item.class, chunk);
                    for (String id : chunk) {
                        assertThat(loaded.get(id)).as("acknowledged %s", id).isNotNull();
                        assertThat(loaded.get(id).getSequence()).isEqualTo(acknowledged.get(id));
                    }
                }
            }
            for (String batchId : attemptedBatches) {
                List<String> members = new ArrayList<>();
                for (int i = 0; i < BATCH; i++) {
                    members.add("items/" + batchId + "-" + i);
                }
                try (IDocumentSession session = store.openSession()) {
                    session.advanced().setMaxNumberOfRequestsPerSession(10_000);
                    long present = session.load(Item.class, members).values().stream().filter(v -> v != null).count();
                    assertThat(present).as("batch %s is all or nothing", batchId).isIn(0L, (long) BATCH);
                }
            }
        }
    }
}
