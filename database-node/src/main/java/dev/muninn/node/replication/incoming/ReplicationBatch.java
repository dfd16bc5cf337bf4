package dev.muninn.node.replication.incoming;

import java.util.List;
import java.util.Map;

/**
 * One batch of the etag stream as it was received (from a sender, or read back from a backup): the versions to
 * apply and, by hash, the attachment contents they name (already checked against their hashes).
 * {@link dev.muninn.node.replication.ReplicationBatchCodec} reads and writes it.
 */
public record ReplicationBatch(List<ReplicatedItem> items, Map<String, byte[]> attachments) {
}
