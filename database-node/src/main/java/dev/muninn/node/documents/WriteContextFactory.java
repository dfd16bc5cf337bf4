package dev.muninn.node.documents;

import dev.muninn.node.storage.DocumentsStorage;
import jetbrains.exodus.env.Transaction;

/** Opens a write transaction with its context, and publishes what a committed context advanced. */
final class WriteContextFactory {
    interface Listener {
        void committed(long lastEtag, ChangeVector databaseChangeVector);

        long lastEtag();

        ChangeVector databaseChangeVector();

        dev.muninn.node.documents.revisions.RevisionsConfiguration revisions();
    }

    /** One attempt at a merged transaction. */
    record Session(Transaction transaction, WriteContext context, Listener listener) {
        void committed() {
            listener.committed(context.lastEtag(), context.databaseChangeVector());
        }
    }

    private final DocumentsStorage storage;
    private final String nodeTag;
    private final String databaseId;
    private final Listener listener;

    WriteContextFactory(DocumentsStorage storage, String nodeTag, String databaseId, Listener listener) {
        this.storage = storage;
        this.nodeTag = nodeTag;
        this.databaseId = databaseId;
        this.listener = listener;
    }

    Session begin(long nowTicks) {
        Transaction txn = storage.environment().beginWrite();
        try {
            return new Session(txn, new WriteContext(txn, storage, nodeTag, databaseId, nowTicks,
                    listener.lastEtag(), listener.databaseChangeVector(), listener.revisions()), listener);
        } catch (RuntimeException e) {
            txn.abort();
            throw e;
        }
    }
}
