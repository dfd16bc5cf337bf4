package dev.muninn.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import dev.muninn.node.http.ClientFixture.User;
import io.quarkus.test.junit.QuarkusTest;
import net.ravendb.client.documents.session.IDocumentSession;
import net.ravendb.client.exceptions.ConcurrencyException;

/** Many writers race on one document with optimistic concurrency: exactly one wins each round. */
@QuarkusTest
class ConcurrencyRaceTest {
    static final int WRITERS = 12;
    static final int ROUNDS = 15;

    @Test
    void exactlyOneWriterWinsEachRound() throws Exception {
        try (ClientFixture fixture = new ClientFixture()) {
            try (IDocumentSession session = fixture.store().openSession()) {
                session.store(new User("round", -1), "users/contended");
                session.saveChanges();
            }
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
            try {
                for (int round = 0; round < ROUNDS; round++) {
                    CyclicBarrier loaded = new CyclicBarrier(WRITERS);
                    List<Future<Boolean>> outcomes = new ArrayList<>();
                    for (int w = 0; w < WRITERS; w++) {
                        int writer = round * 100 + w; // always a real change, so every session sends its write
                        outcomes.add(pool.submit(() -> {
                            try (IDocumentSession session = fixture.store().openSession()) {
                                session.advanced().setUseOptimisticConcurrency(true);
                                User user = session.load(User.class, "users/contended");
                                loaded.await(); // everyone holds the same version before anyone writes
                                user.setAge(writer);
                                try {
                                    session.saveChanges();
                                    return true;
                                } catch (ConcurrencyException e) {
                                    return false;
                                }
                            }
                        }));
                    }
                    int winners = 0;
                    int winner = -1;
                    for (int w = 0; w < WRITERS; w++) {
                        if (outcomes.get(w).get()) {
                            winners++;
                            winner = round * 100 + w;
                        }
                    }
                    assertThat(winners).as("winners in round %d", round).isEqualTo(1);
                    try (IDocumentSession session = fixture.store().openSession()) {
                        assertThat(session.load(User.class, "users/contended").getAge()).isEqualTo(winner);
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
