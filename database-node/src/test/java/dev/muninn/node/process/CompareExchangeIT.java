package dev.muninn.node.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.ravendb.client.documents.DocumentStore;
import net.ravendb.client.documents.operations.compareExchange.CompareExchangeResult;
import net.ravendb.client.documents.operations.compareExchange.CompareExchangeValue;
import net.ravendb.client.documents.operations.compareExchange.GetCompareExchangeValueOperation;
import net.ravendb.client.documents.operations.compareExchange.PutCompareExchangeValueOperation;
import net.ravendb.client.serverwide.DatabaseRecord;
import net.ravendb.client.serverwide.operations.CreateDatabaseOperation;

/**
 * Compare-exchange is linearizable across three real nodes: eight clients spread over the nodes increment one
 * counter by compare-and-set while the Raft leader is killed with -9. Exactly one client wins each index, and no
 * acknowledged increment is lost (a lost one would let a later client read the older value and hand out a number
 * twice).
 */
@Tag("process")
class CompareExchangeIT {
    private static final int CLIENTS = 8;
    /**
     * Between a client's attempts: races stay frequent, but the two live nodes no longer take all of a 2-core
     * machine, which left the restarted leader too little CPU to start within a minute.
     */
    private static final long PAUSE_MILLIS = 10;

    @TempDir
    Path dir;

    /** One acknowledged compare-and-set: read at {@code readIndex}, wrote {@code value} at {@code writtenIndex}. */
    record Win(long readIndex, long writtenIndex, long value, long micros) {
    }

    @Test
    void concurrentCompareAndSetHasOneWinnerPerIndexAndLosesNothingWhenTheLeaderDies() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(dir, 3, 18900, 5).start()) {
            String[] urls = cluster.nodes.stream().map(NodeProcess::url).toArray(String[]::new);
            try (DocumentStore admin = new DocumentStore(urls, "locks")) {
                admin.initialize();
                admin.maintenance().server().send(new CreateDatabaseOperation(new DatabaseRecord("locks"), 3));
                admin.operations().send(new PutCompareExchangeValueOperation<>("counter", 0L, 0));
            }
            List<Win> wins = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger lost = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> clients = new ArrayList<>();
            List<DocumentStore> stores = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                // Clients pinned to the three nodes in turn: followers forward to the leader, a dead node's clients wait.
                DocumentStore store = new DocumentStore(urls[c % urls.length], "locks");
                store.getConventions().setDisableTopologyUpdates(true);
                store.initialize();
                stores.add(store);
                Thread client = new Thread(() -> {
                    while (running.get()) {
                        try {
                            CompareExchangeValue<Long> current = store.operations()
                                    .send(new GetCompareExchangeValueOperation<>(Long.class, "counter"));
                            long started = System.nanoTime();
                            CompareExchangeResult<Long> result = store.operations().send(
                                    new PutCompareExchangeValueOperation<>("counter", current.getValue() + 1,
                                            current.getIndex()));
                            if (result.isSuccessful()) {
                                wins.add(new Win(current.getIndex(), result.getIndex(), current.getValue() + 1,
                                        (System.nanoTime() - started) / 1000));
                            } else {
                                lost.incrementAndGet();
                            }
                            sleepQuietly(PAUSE_MILLIS);
                        } catch (RuntimeException e) {
                            failed.incrementAndGet(); // no answer (its node is down, or died under it): unknown
                            sleepQuietly(50);
                        }
                    }
                }, "cas-" + c);
                clients.add(client);
                client.start();
            }
            Thread.sleep(3000);
            NodeProcess leader = cluster.leader();
            int winsBeforeKill = wins.size();
            leader.kill();
            Thread.sleep(4000);
            leader.start();
            Thread.sleep(2000);
            running.set(false);
            for (Thread client : clients) {
                client.join();
            }
            List<Win> acknowledged = new ArrayList<>(wins);
            acknowledged.sort(Comparator.comparingLong(Win::writtenIndex));
            System.out.printf("CMPXCHG %d acknowledged wins (%d before the leader kill), %d lost races, %d unanswered; "
                    + "win latency p50 %.2f ms p99 %.2f ms%n", acknowledged.size(), winsBeforeKill, lost.get(),
                    failed.get(), percentile(acknowledged, 0.5), percentile(acknowledged, 0.99));

            assertThat(acknowledged.size()).isGreaterThan(winsBeforeKill); // progress after the leader died
            Set<Long> readIndexes = new HashSet<>();
            Set<Long> values = new HashSet<>();
            for (Win win : acknowledged) {
                assertThat(readIndexes.add(win.readIndex())).as("two winners read index " + win.readIndex()).isTrue();
                assertThat(values.add(win.value())).as("value " + win.value() + " handed out twice").isTrue();
            }
            for (int i = 1; i < acknowledged.size(); i++) {
                assertThat(acknowledged.get(i).value()).as("values grow with the index")
                        .isGreaterThan(acknowledged.get(i - 1).value());
            }
            Win last = acknowledged.get(acknowledged.size() - 1);
            for (NodeProcess node : cluster.nodes) {
                try (DocumentStore store = new DocumentStore(node.url(), "locks")) {
                    store.getConventions().setDisableTopologyUpdates(true);
                    store.initialize();
                    long deadline = System.nanoTime() + 20_000_000_000L;
                    CompareExchangeValue<Long> finalValue;
                    do {
                        finalValue = store.operations().send(new GetCompareExchangeValueOperation<>(Long.class, "counter"));
                    } while (finalValue.getIndex() < last.writtenIndex() && System.nanoTime() < deadline);
                    assertThat(finalValue.getIndex()).isGreaterThanOrEqualTo(last.writtenIndex());
                    assertThat(finalValue.getValue()).isGreaterThanOrEqualTo(last.value());
                }
            }
            stores.forEach(DocumentStore::close);
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static double percentile(List<Win> wins, double p) {
        if (wins.isEmpty()) {
            return 0;
        }
        List<Long> micros = wins.stream().map(Win::micros).sorted().toList();
        return micros.get((int) Math.min(micros.size() - 1, Math.floor(p * micros.size()))) / 1000.0;
    }
}
