package dev.muninn.node.documents.commands;

import java.util.List;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.documents.ChangeVector;
import dev.muninn.node.documents.WriteContext;
import dev.muninn.node.documents.WriteOperation;
import dev.muninn.node.storage.StoredDocument;
import dev.muninn.node.storage.StoredTombstone;

/**
 * Applies the documents of one committed cluster-wide transaction to this instance, in the same local transaction
 * as the marker saying it was applied: exactly once, whatever crashes in between. A document whose stored version
 * already includes this transaction (its change vector has a {@code RAFT} entry at this index or later: it came by
 * replication from a member that applied it first) is left alone, so a late apply never undoes a newer write. The
 * transaction was already decided by the cluster: a document that cannot be stored here (a collection change) is
 * logged and skipped rather than blocking every later transaction.
 */
public record ApplyClusterTransaction(long index, String topologyId, List<JsonNode> documents, long maxSizeBytes)
        implements WriteOperation<Boolean> {
    private static final Logger LOG = Logger.getLogger(ApplyClusterTransaction.class);

    @Override
    public Boolean execute(WriteContext context) {
        var txn = context.transaction();
        if (context.storage().metaLong(txn, WriteContext.LAST_CLUSTER_TRANSACTION) >= index) {
            return false;
        }
        context.beginClusterTransaction(index, topologyId);
        try {
            for (JsonNode command : documents) {
                String id = command.path("Id").asText();
                if (alreadyIncluded(context, id)) {
                    continue;
                }
                try {
                    if ("DELETE".equals(command.path("Type").asText())) {
                        new DeleteDocument(id, null).execute(context);
                    } else {
                        new PutDocument(id, (ObjectNode) command.get("Document"), null, maxSizeBytes).execute(context);
                    }
                } catch (RuntimeException e) {
                    LOG.errorf("node=%s event=cluster-transaction-document-skipped index=%d id=%s reason=\"%s\"",
                            context.nodeTag(), index, id, e.getMessage());
                }
            }
        } finally {
            context.endClusterTransaction();
        }
        context.storage().putMetaLong(txn, WriteContext.LAST_CLUSTER_TRANSACTION, index);
        return true;
    }

    private boolean alreadyIncluded(WriteContext context, String id) {
        String changeVector = context.get(id).map(StoredDocument::changeVector)
                .or(() -> context.getTombstone(id).map(StoredTombstone::changeVector)).orElse(null);
        return changeVector != null && ChangeVector.parse(changeVector).etagOf(topologyId) >= index;
    }
}
