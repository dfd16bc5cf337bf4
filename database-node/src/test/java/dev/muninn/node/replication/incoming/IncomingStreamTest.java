package dev.muninn.node.replication.incoming;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import dev.muninn.node.documents.DatabaseInstance;
import dev.muninn.node.documents.Json;
import dev.muninn.node.replication.ReplicationBatchCodec;

/**
 * The receiving end of a replication stream between two real instances: batches that arrive while one is applied go
 * into the next transaction together, in order, with one receipt; heartbeats are answered after the batches before
 * them; a message that is not a batch ends the stream and changes nothing. The executor is driven by the test, so
 * "arrived while applying" is exact.
 */
class IncomingStreamTest {
    @TempDir
    Path dir;
    InstancePair pair;
    DatabaseInstance a;
    DatabaseInstance b;
    final Queue<Runnable> tasks = new ArrayDeque<>();
    final Executor executor = tasks::add;
    final List<JsonNode> sent = new ArrayList<>();
    final List<String> failures = new ArrayList<>();
    IncomingStream stream;

    @BeforeEach
    void open() {
        pair = new InstancePair(dir);
        a = pair.a;
        b = pair.b;
        stream = new IncomingStream(pair.incoming, b, a.databaseId(), new IncomingStream.Replies() {
            @Override
            public void send(String message) {
                try {
                    sent.add(Json.MAPPER.readTree(message));
                } catch (java.io.IOException e) {
                    throw new AssertionError("the stream sent something that is not JSON: " + message, e);
                }
            }

            @Override
            public void fail(boolean badInput, String reason) {
                failures.add(badInput + ": " + reason);
            }
        }, executor, () -> { });
    }

    @AfterEach
    void close() {
        pair.close();
    }

    private void runTasks() {
        while (!tasks.isEmpty()) {
            tasks.poll().run();
        }
    }

    /** A's changes after {@code from} as one stream message, ending at A's last etag. */
    private byte[] batchOfA(long from) throws Exception {
        var changes = a.read(r -> r.changesAfter(from, 1024));
        byte[] body = ReplicationBatchCodec.encode(changes, hash -> java.util.Optional.empty());
        var buffer = ReplicationBatchCodec.streamBatch(changes.get(changes.size() - 1).etag(), body);
        byte[] message = new byte[buffer.remaining()];
        buffer.get(message);
        return message;
    }

    @Test
    void batchesThatArriveTogetherAreOneTransactionWithOneReceipt() throws Exception {
        stream.start();
        runTasks();
        assertThat(sent).singleElement().satisfies(position -> {
            assertThat(position.path("Type").asText()).isEqualTo("Position");
            assertThat(position.path("LastEtag").asLong()).isZero();
        });
        List<byte[]> batches = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            long before = a.lastEtag();
            ApplyReplicatedItemsTest.put(a, "carts/" + i, ApplyReplicatedItemsTest.cart("item" + i));
            batches.add(batchOfA(before));
        }
        long transactionsBefore = b.merger().committedTransactions();
        batches.forEach(stream::batch);
        stream.heartbeat();
        assertThat(stream.queuedBytes()).isEqualTo(batches.stream().mapToLong(m -> m.length).sum());
        runTasks();

        assertThat(b.merger().committedTransactions() - transactionsBefore).isEqualTo(1);
        assertThat(sent).hasSize(3);
        JsonNode receipt = sent.get(1);
        assertThat(receipt.path("Type").asText()).isEqualTo("Receipt");
        assertThat(receipt.path("LastEtag").asLong()).isEqualTo(a.lastEtag());
        assertThat(receipt.path("Applied").asInt()).isEqualTo(3);
        JsonNode position = sent.get(2);
        assertThat(position.path("Type").asText()).isEqualTo("Position");
        assertThat(position.path("LastEtag").asLong()).isEqualTo(a.lastEtag());
        assertThat(b.get("carts/3")).isPresent();
        assertThat(stream.queuedBytes()).isZero();
        assertThat(failures).isEmpty();
    }

    @Test
    void aMessageThatIsNotABatchEndsTheStreamAndChangesNothing() throws Exception {
        ApplyReplicatedItemsTest.put(a, "carts/1", ApplyReplicatedItemsTest.cart("apple"));
        stream.batch(batchOfA(0));
        stream.batch(new byte[] {1, 2, 3});
        runTasks();

        assertThat(failures).singleElement().asString().startsWith("true: A replication stream batch is");
        assertThat(b.get("carts/1")).isEmpty();
        assertThat(sent).isEmpty();
        stream.heartbeat(); // after the end nothing is answered
        runTasks();
        assertThat(sent).isEmpty();
    }

    @Test
    void batchesMustEndAtGrowingEtags() throws Exception {
        ApplyReplicatedItemsTest.put(a, "carts/1", ApplyReplicatedItemsTest.cart("apple"));
        byte[] batch = batchOfA(0);
        stream.batch(batch);
        stream.batch(batch);
        runTasks();

        assertThat(failures).singleElement().asString().contains("growing etags");
        assertThat(b.get("carts/1")).isEmpty();
    }

    @Test
    void aBodyThatIsNotAnObjectIsRefused() {
        byte[] message = new byte[8 + 2];
        message[7] = 5;
        message[8] = '[';
        message[9] = ']';
        stream.batch(message);
        runTasks();

        assertThat(failures).singleElement().asString().isEqualTo("true: A replication stream batch must be a JSON object");
    }
}
