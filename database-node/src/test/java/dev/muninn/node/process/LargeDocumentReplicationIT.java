package dev.muninn.node.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.ravendb.client.documents.DocumentStore;
import net.ravendb.client.documents.session.IDocumentSession;
import net.ravendb.client.serverwide.DatabaseRecord;
import net.ravendb.client.serverwide.operations.CreateDatabaseOperation;

/**
 * Documents past a Xodus log file (ADR 0034) replicate between two real nodes like any other, both ways, and a run
 * of them goes in bounded batches. Nodes on 127.0.0.61 and .62, out of the way of other tests' ports.
 */
@Tag("process")
class LargeDocumentReplicationIT {
    private static final int MB = 1 << 20;

    @TempDir
    Path dir;

    /** A large entity in strings under 20 M characters (the official client's Jackson refuses longer ones). */
    public static class Blob {
        private String name;
        private List<String> data = new ArrayList<>();

        public Blob() {
        }

        Blob(String name, int size, long seed) {
            this.name = name;
            Random random = new Random(seed);
            for (int start = 0; start < size; start += 4 * MB) {
                char[] chars = new char[Math.min(4 * MB, size - start)];
                for (int i = 0; i < chars.length; i++) {
                    chars[i] = (char) ('a' + random.nextInt(26));
                }
                data.add(new String(chars));
            }
        }

        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public List<String> getData() { return data; }
        public void setData(List<String> data) { this.data = data; }
    }

    private static DocumentStore storeOn(NodeProcess node) {
        DocumentStore store = new DocumentStore(node.url(), "large");
        store.getConventions().setDisableTopologyUpdates(true); // pin to this node
        store.initialize();
        return store;
    }

    private static void write(NodeProcess node, String id, Blob blob) {
        try (DocumentStore store = storeOn(node); IDocumentSession session = store.openSession()) {
            session.store(blob, id);
            session.saveChanges();
        }
    }

    private static void awaitSame(NodeProcess node, String id, Blob expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (DocumentStore store = storeOn(node)) {
            while (true) {
                try (IDocumentSession session = store.openSession()) {
                    Blob found = session.load(Blob.class, id);
                    if (found != null && expected.getName().equals(found.getName())) {
                        assertThat(found.getData().equals(expected.getData())).as(id + " on " + node.url()).isTrue();
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(id + "=" + expected.getName() + " did not reach " + node.url());
                }
                Thread.sleep(100);
            }
        }
    }

    @Test
    void largeDocumentsReplicateBothWays() throws Exception {
        try (ClusterFixture cluster = ClusterFixture.onHosts(dir, "127.0.0.6", 2, 18660, 5)) {
            cluster.nodes.forEach(node -> node.withHeap("1g"));
            cluster.start();
            NodeProcess a = cluster.node(0);
            NodeProcess b = cluster.node(1);
            try (DocumentStore store = storeOn(a)) {
                store.maintenance().server().send(new CreateDatabaseOperation(new DatabaseRecord("large"), 2));
            }

            Blob first = new Blob("first", 20 * MB, 1);
            write(a, "blobs/1", first);
            awaitSame(b, "blobs/1", first, Duration.ofSeconds(20));

            Blob second = new Blob("second", 31 * MB, 2);
            write(b, "blobs/1", second); // a large version replaces a large one, the other way
            awaitSame(a, "blobs/1", second, Duration.ofSeconds(20));

            // more than one 64 MB batch's worth, each in its own transaction
            List<Blob> run = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                run.add(new Blob("run" + i, 25 * MB, 10 + i));
                write(a, "runs/" + i, run.get(i));
            }
            for (int i = 0; i < 4; i++) {
                awaitSame(b, "runs/" + i, run.get(i), Duration.ofSeconds(30));
            }
        }
    }
}
