package dev.muninn.node.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import net.ravendb.client.documents.DocumentStore;
import net.ravendb.client.documents.session.IDocumentSession;
import net.ravendb.client.documents.session.SessionOptions;
import net.ravendb.client.documents.session.TransactionMode;
import net.ravendb.client.exceptions.ClusterTransactionConcurrencyException;
import net.ravendb.client.serverwide.DatabaseRecord;
import net.ravendb.client.serverwide.operations.CreateDatabaseOperation;

/**
 * The book's bank transfer as cluster-wide transactions on three real nodes: six clients pinned to the nodes move
 * money between five accounts while the Raft leader is killed with -9 and restarted. Atomic guards let exactly one
 * of two racing transfers on an account win; every member ends with the same versions (same change vectors), the
 * total is unchanged, and every acknowledged transfer is recorded on both of its accounts.
 */
@Tag("process")
class ClusterTransactionIT {
    private static final int ACCOUNTS = 5;
    private static final int CLIENTS = 6;
    /** Between a client's transfers, so the live nodes leave the restarted leader CPU to start (2 cores). */
    private static final long PAUSE_MILLIS = 10;
    private static final int INITIAL = 1000;

    @TempDir
    Path dir;

    public static class Account {
        private int balance;
        private List<String> transfers = new ArrayList<>();

        public int getBalance() { return balance; }

        public void setBalance(int balance) { this.balance = balance; }

        public List<String> getTransfers() { return transfers; }

        public void setTransfers(List<String> transfers) { this.transfers = transfers; }
    }

    private static IDocumentSession clusterSession(DocumentStore store) {
        SessionOptions options = new SessionOptions();
        options.setTransactionMode(TransactionMode.CLUSTER_WIDE);
        return store.openSession(options);
    }

    @Test
    void transfersStayWholeAndEveryMemberAgreesAcrossALeaderKill() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(dir, 3, 19600, 5).start()) {
            String[] urls = cluster.nodes.stream().map(NodeProcess::url).toArray(String[]::new);
            try (DocumentStore admin = new DocumentStore(urls, "bank")) {
                admin.initialize();
                admin.maintenance().server().send(new CreateDatabaseOperation(new DatabaseRecord("bank"), 3));
                try (IDocumentSession session = clusterSession(admin)) {
                    for (int i = 0; i < ACCOUNTS; i++) {
                        Account account = new Account();
                        account.setBalance(INITIAL);
                        session.store(account, "accounts/" + i);
                    }
                    session.saveChanges();
                }
            }
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicInteger refused = new AtomicInteger();
            AtomicInteger unanswered = new AtomicInteger();
            AtomicBoolean running = new AtomicBoolean(true);
            List<Thread> clients = new ArrayList<>();
            List<DocumentStore> stores = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                DocumentStore store = new DocumentStore(urls[c % urls.length], "bank");
                store.getConventions().setDisableTopologyUpdates(true);
                store.initialize();
                stores.add(store);
                int client = c;
                Thread thread = new Thread(() -> {
                    int n = 0;
                    while (running.get()) {
                        String transfer = "t" + client + "-" + n++;
                        int from = ThreadLocalRandom.current().nextInt(ACCOUNTS);
                        int to = (from + 1 + ThreadLocalRandom.current().nextInt(ACCOUNTS - 1)) % ACCOUNTS;
                        int amount = 1 + ThreadLocalRandom.current().nextInt(10);
                        try (IDocumentSession session = clusterSession(store)) {
                            Account source = session.load(Account.class, "accounts/" + from);
                            Account target = session.load(Account.class, "accounts/" + to);
                            source.setBalance(source.getBalance() - amount);
                            target.setBalance(target.getBalance() + amount);
                            source.getTransfers().add(transfer);
                            target.getTransfers().add(transfer);
                            session.saveChanges();
                            acknowledged.add(transfer);
                            sleepQuietly(PAUSE_MILLIS);
                        } catch (ClusterTransactionConcurrencyException e) {
                            refused.incrementAndGet();
                        } catch (RuntimeException e) {
                            if (unanswered.incrementAndGet() % 50 == 1) { // its node is down or died under it
                                System.out.println("CLUSTER-TX unanswered: " + e.toString().lines().findFirst()
                                        .orElse(""));
                            }
                            sleepQuietly(100);
                        }
                    }
                }, "transfer-" + c);
                clients.add(thread);
                thread.start();
            }
            Thread.sleep(4000);
            int beforeKill = acknowledged.size();
            NodeProcess leader = cluster.leader();
            leader.kill();
            Thread.sleep(4000);
            int whileDown = acknowledged.size();
            leader.start();
            Thread.sleep(3000);
            running.set(false);
            for (Thread thread : clients) {
                thread.join();
            }
            stores.forEach(DocumentStore::close);
            System.out.printf("CLUSTER-TX %d acknowledged transfers (%d before the leader kill, %d while it was down), "
                    + "%d refused by atomic guards, %d unanswered%n", acknowledged.size(), beforeKill,
                    whileDown - beforeKill, refused.get(), unanswered.get());
            assertThat(beforeKill).isPositive();
            assertThat(acknowledged.size()).as("progress after the leader died").isGreaterThan(whileDown);
            assertThat(refused.get()).as("racing transfers on one account were refused").isPositive();

            Map<String, Map<String, String>> perNode = new HashMap<>();
            long deadline = System.nanoTime() + 30_000_000_000L;
            do {
                perNode.clear();
                for (NodeProcess node : cluster.nodes) {
                    perNode.put(node.url(), versions(node.url()));
                }
            } while (perNode.values().stream().distinct().count() > 1 && System.nanoTime() < deadline);
            assertThat(perNode.values().stream().distinct().count()).as("every member has the same versions: "
                    + perNode).isEqualTo(1);

            try (DocumentStore store = new DocumentStore(urls[0], "bank")) {
                store.getConventions().setDisableTopologyUpdates(true);
                store.initialize();
                try (IDocumentSession session = store.openSession()) {
                    int total = 0;
                    Map<String, Integer> seen = new HashMap<>();
                    for (int i = 0; i < ACCOUNTS; i++) {
                        Account account = session.load(Account.class, "accounts/" + i);
                        total += account.getBalance();
                        account.getTransfers().forEach(t -> seen.merge(t, 1, Integer::sum));
                    }
                    assertThat(total).as("money is neither made nor lost").isEqualTo(ACCOUNTS * INITIAL);
                    for (String transfer : acknowledged) {
                        assertThat(seen.get(transfer)).as("acknowledged transfer " + transfer + " on both accounts")
                                .isEqualTo(2);
                    }
                    assertThat(seen.values()).as("no transfer half-applied").containsOnly(2);
                }
            }
        }
    }

    /** Id → change vector and balance of every account, as one node serves them. */
    private static Map<String, String> versions(String url) {
        try (DocumentStore store = new DocumentStore(url, "bank")) {
            store.getConventions().setDisableTopologyUpdates(true);
            store.initialize();
            try (IDocumentSession session = store.openSession()) {
                Map<String, String> versions = new HashMap<>();
                for (int i = 0; i < ACCOUNTS; i++) {
                    Account account = session.load(Account.class, "accounts/" + i);
                    versions.put("accounts/" + i, session.advanced().getChangeVectorFor(account) + " "
                            + account.getBalance());
                }
                return versions;
            }
        } catch (RuntimeException e) {
            return Map.of("unreachable", e.toString());
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
