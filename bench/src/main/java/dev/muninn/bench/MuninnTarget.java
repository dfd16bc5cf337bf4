package dev.muninn.bench;

import java.util.List;

import net.ravendb.client.documents.DocumentStore;
import net.ravendb.client.documents.session.IDocumentSession;
import net.ravendb.client.serverwide.DatabaseRecord;
import net.ravendb.client.serverwide.operations.CreateDatabaseOperation;
import net.ravendb.client.serverwide.operations.DeleteDatabasesOperation;

/** Muninn through the official RavenDB Java client, a session per operation, as applications use it. */
public final class MuninnTarget implements Target {
    private static final String DATABASE = "bench";
    private final DocumentStore store;

    public MuninnTarget(String url) {
        store = new DocumentStore(url, DATABASE);
        store.initialize();
    }

    @Override
    public String name() {
        return "Muninn";
    }

    @Override
    public void prepare() {
        try {
            store.maintenance().server().send(new DeleteDatabasesOperation(DATABASE, true));
        } catch (RuntimeException absent) {
            // first run: nothing to delete
        }
        store.maintenance().server().send(new CreateDatabaseOperation(new DatabaseRecord(DATABASE)));
    }

    @Override
    public void insert(String id, BenchDocument doc) {
        try (IDocumentSession session = store.openSession()) {
            session.store(doc, id);
            session.saveChanges();
        }
    }

    @Override
    public void insertBatch(List<String> ids, BenchDocument doc) {
        try (IDocumentSession session = store.openSession()) {
            for (String id : ids) {
                session.store(BenchDocument.sample(id.hashCode()), id);
            }
            session.saveChanges();
        }
    }

    @Override
    public void read(String id) {
        try (IDocumentSession session = store.openSession()) {
            if (session.load(BenchDocument.class, id) == null) {
                throw new IllegalStateException("Muninn: document " + id + " missing");
            }
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
