package dev.muninn.node.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.muninn.node.documents.DocumentFlags;
import dev.muninn.node.documents.Json;
import dev.muninn.node.documents.attachments.Attachments;
import dev.muninn.node.replication.incoming.ReplicationBatch;
import dev.muninn.node.storage.DocumentsStorage.Change;
import dev.muninn.node.storage.StoredDocument;
import dev.muninn.node.storage.StoredTombstone;

/**
 * The batch as it travels between nodes (and into backup files), pinned byte for byte: nodes of the previous version
 * and existing backups must still read what this version writes, and the other way round.
 */
class ReplicationBatchCodecTest {
    private static final byte[] PHOTO = "photo bytes".getBytes(StandardCharsets.UTF_8);
    private static final String PHOTO_HASH = Attachments.hash(PHOTO);
    private static final String MISSING_HASH = Attachments.hash("gone".getBytes(StandardCharsets.UTF_8));

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A document with two attachments (one whose bytes are gone), a revision, a delete revision and a tombstone. */
    private static List<Change> changes() {
        String body = "{\"name\":\"Ann\",\"@metadata\":{\"@collection\":\"Users\",\"@attachments\":["
                + "{\"Name\":\"photo\",\"Hash\":\"" + PHOTO_HASH + "\",\"ContentType\":\"image/png\",\"Size\":11},"
                + "{\"Name\":\"old\",\"Hash\":\"" + MISSING_HASH + "\",\"ContentType\":\"\",\"Size\":4}]}}";
        return List.of(
                new Change(3, new StoredDocument("users/1", "Users", 3, "A:3-dbA", 638000000000000000L,
                        DocumentFlags.HAS_ATTACHMENTS, utf8(body)), null, null),
                new Change(4, null, null, new StoredDocument("users/2", "Users", 4, "A:4-dbA", 638000000000000001L,
                        DocumentFlags.REVISION, utf8("{\"name\":\"Bob\"}"))),
                new Change(5, null, null, new StoredDocument("users/3", "Users", 5, "A:5-dbA, B:2-dbB",
                        638000000000000002L, DocumentFlags.REVISION | DocumentFlags.DELETE_REVISION, new byte[0])),
                new Change(6, null, new StoredTombstone("users/3", "Users", 6, "A:6-dbA, B:2-dbB",
                        638000000000000003L), null));
    }

    private static final String ENCODED = "{\"Items\":["
            + "{\"Id\":\"users/1\",\"Collection\":\"Users\",\"ChangeVector\":\"A:3-dbA\","
            + "\"LastModified\":638000000000000000,\"Flags\":2,\"Body\":{\"name\":\"Ann\",\"@metadata\":{"
            + "\"@collection\":\"Users\",\"@attachments\":[{\"Name\":\"photo\",\"Hash\":\"" + PHOTO_HASH + "\","
            + "\"ContentType\":\"image/png\",\"Size\":11},{\"Name\":\"old\",\"Hash\":\"" + MISSING_HASH + "\","
            + "\"ContentType\":\"\",\"Size\":4}]}}},"
            + "{\"Id\":\"users/2\",\"Collection\":\"Users\",\"ChangeVector\":\"A:4-dbA\","
            + "\"LastModified\":638000000000000001,\"Flags\":8,\"Body\":{\"name\":\"Bob\"}},"
            + "{\"Id\":\"users/3\",\"Collection\":\"Users\",\"ChangeVector\":\"A:5-dbA, B:2-dbB\","
            + "\"LastModified\":638000000000000002,\"Flags\":24,\"Body\":null},"
            + "{\"Id\":\"users/3\",\"Collection\":\"Users\",\"ChangeVector\":\"A:6-dbA, B:2-dbB\","
            + "\"LastModified\":638000000000000003,\"Body\":null}],"
            + "\"Attachments\":{\"" + PHOTO_HASH + "\":\"cGhvdG8gYnl0ZXM=\"}}";

    @Test
    void encodesItemsThenTheAttachmentBytesTheyName() throws Exception {
        Map<String, byte[]> store = Map.of(PHOTO_HASH, PHOTO);
        byte[] encoded = ReplicationBatchCodec.encode(changes(), hash -> Optional.ofNullable(store.get(hash)));

        assertThat(new String(encoded, StandardCharsets.UTF_8)).isEqualTo(ENCODED);
    }

    @Test
    void decodesWhatItEncodes() throws Exception {
        ReplicationBatch batch = ReplicationBatchCodec.decode(Json.MAPPER.readTree(ENCODED));

        assertThat(batch.items()).extracting(i -> i.id(), i -> i.changeVector(), i -> i.lastModifiedTicks(),
                i -> i.flags(), i -> i.isTombstone(), i -> i.isRevision()).containsExactly(
                org.assertj.core.groups.Tuple.tuple("users/1", "A:3-dbA", 638000000000000000L, 2, false, false),
                org.assertj.core.groups.Tuple.tuple("users/2", "A:4-dbA", 638000000000000001L, 8, false, true),
                org.assertj.core.groups.Tuple.tuple("users/3", "A:5-dbA, B:2-dbB", 638000000000000002L, 24, true,
                        true),
                org.assertj.core.groups.Tuple.tuple("users/3", "A:6-dbA, B:2-dbB", 638000000000000003L, 0, true,
                        false));
        assertThat(Json.parseObject(batch.items().get(1).body())).isEqualTo(Json.MAPPER.readTree("{\"name\":\"Bob\"}"));
        assertThat(batch.attachments()).containsOnlyKeys(PHOTO_HASH);
        assertThat(batch.attachments().get(PHOTO_HASH)).isEqualTo(PHOTO);
    }

    @Test
    void refusesAttachmentBytesThatDoNotMatchTheirHash() throws Exception {
        String forged = "{\"Items\":[],\"Attachments\":{\"" + PHOTO_HASH + "\":\"Zm9yZ2Vk\"}}";
        assertThatThrownBy(() -> ReplicationBatchCodec.decode(Json.MAPPER.readTree(forged)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not match its hash");

        String notBase64 = "{\"Items\":[],\"Attachments\":{\"" + PHOTO_HASH + "\":\"*not base64*\"}}";
        assertThatThrownBy(() -> ReplicationBatchCodec.decode(Json.MAPPER.readTree(notBase64)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not base64");
    }

    @Test
    void theReceiptAndThePositionKeepTheirFields() throws Exception {
        BatchReceipt receipt = new BatchReceipt(42, 3, 1, 2, 1, true, "A:42-dbA");
        assertThat(Json.MAPPER.writeValueAsString(ReplicationBatchCodec.encode(receipt))).isEqualTo(
                "{\"LastEtag\":42,\"Applied\":3,\"Skipped\":1,\"Merged\":2,\"Conflicts\":1,\"PositionStored\":true,"
                + "\"DatabaseChangeVector\":\"A:42-dbA\"}");
        assertThat(ReplicationBatchCodec.decodeReceipt(ReplicationBatchCodec.encode(receipt))).isEqualTo(receipt);

        ReplicationPosition position = new ReplicationPosition(42, "A:42-dbA", "dbB", true);
        assertThat(Json.MAPPER.writeValueAsString(ReplicationBatchCodec.encode(position))).isEqualTo(
                "{\"LastEtag\":42,\"DatabaseChangeVector\":\"A:42-dbA\",\"DatabaseId\":\"dbB\",\"Counters\":true}");
        assertThat(ReplicationBatchCodec.decodePosition(ReplicationBatchCodec.encode(position))).isEqualTo(position);
    }

    @Test
    void answersWithoutTheLaterFieldsReadAsBefore() throws Exception {
        assertThat(ReplicationBatchCodec.decodeReceipt(Json.MAPPER.readTree("{\"LastEtag\":7,\"Applied\":1}"))
                .positionStored()).isTrue();
        assertThat(ReplicationBatchCodec.decodeReceipt(Json.MAPPER.readTree("{\"LastEtag\":7,\"Applied\":1}"))
                .databaseChangeVector()).isEmpty();
        assertThat(ReplicationBatchCodec.decodePosition(Json.MAPPER.readTree("{\"LastEtag\":7}")))
                .isEqualTo(new ReplicationPosition(7, "", ""));
    }

    @Test
    void aStreamBatchIsItsEtagThenTheBatch() throws Exception {
        byte[] batch = ENCODED.getBytes(StandardCharsets.UTF_8);
        var buffer = ReplicationBatchCodec.streamBatch(6, batch);
        byte[] message = new byte[buffer.remaining()];
        buffer.get(message);

        assertThat(message).hasSize(8 + batch.length);
        assertThat(java.util.Arrays.copyOf(message, 8)).containsExactly(0, 0, 0, 0, 0, 0, 0, 6);
        assertThat(ReplicationBatchCodec.streamBatchEtag(message)).isEqualTo(6);
        assertThat(ReplicationBatchCodec.streamBatchBody(message)).isEqualTo(Json.MAPPER.readTree(ENCODED));
        assertThatThrownBy(() -> ReplicationBatchCodec.streamBatchEtag(new byte[9]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 9 bytes");
    }

    @Test
    void streamMessagesNameTheirType() throws Exception {
        String receipt = ReplicationBatchCodec.streamMessage(ReplicationBatchCodec.STREAM_RECEIPT,
                ReplicationBatchCodec.encode(new BatchReceipt(42, 3, 1, 2, 1, true, "A:42-dbA")));
        assertThat(receipt).isEqualTo("{\"Type\":\"Receipt\",\"LastEtag\":42,\"Applied\":3,\"Skipped\":1,"
                + "\"Merged\":2,\"Conflicts\":1,\"PositionStored\":true,\"DatabaseChangeVector\":\"A:42-dbA\"}");
        assertThat(ReplicationBatchCodec.decodeReceipt(Json.MAPPER.readTree(receipt)))
                .isEqualTo(new BatchReceipt(42, 3, 1, 2, 1, true, "A:42-dbA"));
        assertThat(Json.MAPPER.readTree(ReplicationBatchCodec.STREAM_HEARTBEAT).path("Type").asText())
                .isEqualTo("Heartbeat");
    }
}
