package dev.muninn.node.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import net.ravendb.client.documents.DocumentStore;
import net.ravendb.client.documents.operations.revisions.ConfigureRevisionsOperation;
import net.ravendb.client.documents.operations.revisions.RevisionsCollectionConfiguration;
import net.ravendb.client.documents.operations.revisions.RevisionsConfiguration;
import net.ravendb.client.documents.session.IDocumentSession;
import net.ravendb.client.exceptions.ConcurrencyException;
import net.ravendb.client.serverwide.DatabaseRecord;
import net.ravendb.client.serverwide.operations.CreateDatabaseOperation;

/**
 * The book's bank transfer: each transaction on node A moves money between two accounts, so the total never changes.
 * A reader on node B reads all accounts in one request (one snapshot) while replication runs with the smallest
 * batches ({@code Replication.MaxItemsPerBatch=1}), which forces batch boundaries between transactions whose
 * documents changed again later. With revisions on, B never shows a transfer half done; the same workload on a
 * database without revisions is run alongside for comparison (its torn reads are reported, not asserted: they are
 * likely, not certain); the detector is then shown to catch a deliberate half transfer.
 */
@Tag("process")
class TransactionBoundariesIT {
    private static final int ACCOUNTS = 6;
    private static final long START_BALANCE = 1_000;

    @TempDir
    Path dir;

    public static class Account {
        private long balance;

        public Account() {
        }

        Account(long balance) {
            this.balance = balance;
        }

        public long getBalance() { return balance; }
        public void setBalance(long balance) { this.balance = balance; }
    }

    @Test
    void aTransferIsNeverSeenHalfDoneOnAnotherMember() throws Exception {
        java.util.logging.Logger.getLogger("net.ravendb").setLevel(java.util.logging.Level.WARNING);
        ClusterFixture fixture = new ClusterFixture(dir, 2, 18600, 5);
        fixture.nodes.forEach(node -> node.withSetting("Replication.MaxItemsPerBatch", "1"));
        try (ClusterFixture cluster = fixture.start()) {
            NodeProcess a = cluster.node(0);
            NodeProcess b = cluster.node(1);
            try (DocumentStore admin = new DocumentStore(a.url(), "bank")) {
                admin.initialize();
                admin.maintenance().server().send(new CreateDatabaseOperation(new DatabaseRecord("bank"), 2));
                admin.maintenance().server().send(new CreateDatabaseOperation(new DatabaseRecord("bank-plain"), 2));
                RevisionsConfiguration revisions = new RevisionsConfiguration();
                revisions.setCollections(Map.of("Accounts", new RevisionsCollectionConfiguration()));
                admin.maintenance().send(new ConfigureRevisionsOperation(revisions));
            }
            Result withRevisions = runTransfers(a, b, "bank");
            Result plain = runTransfers(a, b, "bank-plain");
            System.out.printf("bank transfer: with revisions %d transfers, %d reads on B, %d torn; "
                            + "without revisions %d transfers, %d reads, %d torn%n", withRevisions.transfers,
                    withRevisions.reads, withRevisions.torn, plain.transfers, plain.reads, plain.torn);
            assertThat(withRevisions.transfers).isGreaterThan(20);
            assertThat(withRevisions.reads).isGreaterThan(20);
            assertThat(withRevisions.torn).as("reads on B that saw a transfer half done").isZero();
            assertThat(withRevisions.finalTotal).isEqualTo(ACCOUNTS * START_BALANCE);

            // The detector itself: half a transfer (one account written alone, on B) must read as torn, so the zero
            // above means no torn read happened, not that none could be seen.
            try (DocumentStore onB = pinned(b, "bank-plain"); IDocumentSession session = onB.openSession()) {
                Account first = session.load(Account.class, "accounts/1");
                first.setBalance(first.getBalance() - 100);
                session.saveChanges();
            }
            assertThat(isTorn(total(b, "bank-plain"))).as("half a transfer is detected").isTrue();
            assertThat(isTorn(total(b, "bank"))).as("a whole database is not").isFalse();
        }
    }

    /** A read of all accounts whose total is not the constant one saw a transfer half done. */
    private static boolean isTorn(long total) {
        return total >= 0 && total != ACCOUNTS * START_BALANCE;
    }

    record Result(long transfers, long reads, long torn, long finalTotal) {
    }

    private static Result runTransfers(NodeProcess a, NodeProcess b, String database) throws Exception {
        try (DocumentStore writer = pinned(a, database)) {
            try (IDocumentSession session = writer.openSession()) {
                for (int i = 1; i <= ACCOUNTS; i++) {
                    session.store(new Account(START_BALANCE), "accounts/" + i);
                }
                session.saveChanges();
            }
            awaitTotal(b, database);
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong transfers = new AtomicLong();
            AtomicLong reads = new AtomicLong();
            AtomicLong torn = new AtomicLong();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 3; t++) {
                long seed = t;
                threads.add(new Thread(() -> transfer(writer, new Random(seed), running, transfers)));
            }
            threads.add(new Thread(() -> readTotals(b, database, running, reads, torn)));
            threads.forEach(Thread::start);
            Thread.sleep(6_000);
            running.set(false);
            for (Thread thread : threads) {
                thread.join();
            }
            long finalTotal = awaitTotal(b, database);
            return new Result(transfers.get(), reads.get(), torn.get(), finalTotal);
        }
    }

    private static DocumentStore pinned(NodeProcess node, String database) {
        DocumentStore store = new DocumentStore(node.url(), database);
        store.getConventions().setDisableTopologyUpdates(true);
        store.initialize();
        return store;
    }

    private static void transfer(DocumentStore store, Random random, AtomicBoolean running, AtomicLong transfers) {
        while (running.get()) {
            int from = 1 + random.nextInt(ACCOUNTS);
            int to = 1 + (from + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
            long amount = 1 + random.nextInt(50);
            try (IDocumentSession session = store.openSession()) {
                session.advanced().setUseOptimisticConcurrency(true);
                Account source = session.load(Account.class, "accounts/" + from);
                Account target = session.load(Account.class, "accounts/" + to);
                source.setBalance(source.getBalance() - amount);
                target.setBalance(target.getBalance() + amount);
                session.saveChanges();
                transfers.incrementAndGet();
            } catch (ConcurrencyException raced) {
                // another transfer touched one of the accounts first: this one did nothing
            }
        }
    }

    /** One request for all accounts: the node answers it from one snapshot. */
    private static long total(NodeProcess node, String database) throws Exception {
        StringBuilder url = new StringBuilder(node.url() + "/databases/" + database + "/docs?");
        for (int i = 1; i <= ACCOUNTS; i++) {
            url.append("id=accounts/").append(i).append('&');
        }
        ClusterFixture.Answer answer = ClusterFixture.get(url.toString());
        if (answer.status() != 200) {
            return -1;
        }
        long total = 0;
        for (JsonNode account : answer.body().path("Results")) {
            if (account.isNull()) {
                return -1;
            }
            total += account.path("balance").asLong();
        }
        return total;
    }

    private static void readTotals(NodeProcess node, String database, AtomicBoolean running, AtomicLong reads,
                                   AtomicLong torn) {
        while (running.get()) {
            try {
                long total = total(node, database);
                if (total >= 0) {
                    reads.incrementAndGet();
                    if (isTorn(total)) {
                        torn.incrementAndGet();
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static long awaitTotal(NodeProcess node, String database) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        long total = -1;
        while (System.nanoTime() < deadline) {
            total = total(node, database);
            if (total == ACCOUNTS * START_BALANCE) {
                return total;
            }
            Thread.sleep(50);
        }
        return total;
    }
}
