package dev.muninn.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.SocketConfig;

import net.ravendb.client.documents.DocumentStore;
import net.ravendb.client.documents.session.IDocumentSession;
import net.ravendb.client.http.RequestExecutor;
import net.ravendb.client.serverwide.DatabaseRecord;
import net.ravendb.client.serverwide.operations.BuildNumber;
import net.ravendb.client.serverwide.operations.CreateDatabaseOperation;
import net.ravendb.client.serverwide.operations.DeleteDatabasesOperation;
import net.ravendb.client.serverwide.operations.GetBuildNumberOperation;
import net.ravendb.client.serverwide.operations.GetDatabaseNamesOperation;

/**
 * Muninn through the official RavenDB Java client only, a new session per operation, as applications use it. The
 * client's cost (entity serialisation, HTTP, JSON parsing) is part of every figure on purpose.
 */
public final class MuninnTarget implements Target {
    private static final String DATABASE = "bench";
    /**
     * The client's shared Apache HttpClient pool allows 30 connections per route and 40 in all
     * (RequestExecutor.createClient); with 32 writers two of them would queue for a connection and not for the
     * server. RequestExecutor.configureHttpClient is the client's hook to replace the pool before the first store
     * is initialised.
     */
    static final int MAX_CONNECTIONS = 64;

    static {
        RequestExecutor.configureHttpClient = builder -> builder.setConnectionManager(
                PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnPerRoute(MAX_CONNECTIONS)
                        .setMaxConnTotal(MAX_CONNECTIONS)
                        .setDefaultSocketConfig(SocketConfig.custom().setTcpNoDelay(true).build())
                        .build());
    }

    private final String url;
    private final DocumentStore store;
    /** For the plain-HTTP rows: the JDK's client, keep-alive, no RavenDB client code in the path. */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public MuninnTarget(String url) {
        this.url = url;
        store = new DocumentStore(new String[]{url}, DATABASE);
        store.initialize();
    }

    @Override
    public String name() {
        return "Muninn";
    }

    @Override
    public String describe() {
        String version;
        try {
            BuildNumber build = store.maintenance().server().send(new GetBuildNumberOperation());
            version = build.getFullVersion() + " (RavenDB protocol " + build.getProductVersion() + ")";
        } catch (RuntimeException e) {
            version = "unknown (" + e.getMessage() + ")";
        }
        return "Muninn " + version + " at " + url + "; client net.ravendb:ravendb "
                + clientVersion() + ", HTTP pool " + MAX_CONNECTIONS + " connections, a session per operation";
    }

    private static String clientVersion() {
        String version = DocumentStore.class.getPackage().getImplementationVersion();
        return version != null ? version : "6.0.0";
    }

    @Override
    public void prepare() throws InterruptedException {
        if (exists()) {
            store.maintenance().server().send(new DeleteDatabasesOperation(DATABASE, true));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (exists()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Muninn: database " + DATABASE + " still exists 30 s after delete");
                }
                Thread.sleep(100);
            }
        }
        store.maintenance().server().send(new CreateDatabaseOperation(new DatabaseRecord(DATABASE)));
    }

    private boolean exists() {
        String[] names = store.maintenance().server().send(new GetDatabaseNamesOperation(0, 1024));
        return names != null && Arrays.asList(names).contains(DATABASE);
    }

    @Override
    public Worker worker() {
        return new Worker() {
            @Override
            public void insert(String id, BenchDocument doc) {
                try (IDocumentSession session = store.openSession()) {
                    session.store(doc, id);
                    session.saveChanges();
                }
            }

            @Override
            public void insertBatch(List<String> ids, List<BenchDocument> docs) {
                try (IDocumentSession session = store.openSession()) {
                    for (int i = 0; i < ids.size(); i++) {
                        session.store(docs.get(i), ids.get(i));
                    }
                    session.saveChanges();
                }
            }

            @Override
            public void bulkInsert(List<String> ids, List<BenchDocument> docs) {
                try (net.ravendb.client.documents.BulkInsertOperation bulk = store.bulkInsert()) {
                    for (int i = 0; i < ids.size(); i++) {
                        bulk.store(docs.get(i), ids.get(i));
                    }
                }
            }

            @Override
            public void read(String id, String expectedName) {
                try (IDocumentSession session = store.openSession()) {
                    BenchDocument doc = session.load(BenchDocument.class, id);
                    if (doc == null) {
                        throw new IllegalStateException("Muninn: document " + id + " missing");
                    }
                    if (!expectedName.equals(doc.getName())) {
                        throw new IllegalStateException("Muninn: document " + id + " has name " + doc.getName()
                                + ", expected " + expectedName);
                    }
                }
            }

            @Override
            public void readRaw(String id, String expectedName) throws Exception {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/databases/"
                        + DATABASE + "/docs?id=" + URLEncoder.encode(id, StandardCharsets.UTF_8))).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200 || !response.body().contains("\"" + expectedName + "\"")) {
                    throw new IllegalStateException("Muninn: GET " + id + " answered " + response.statusCode()
                            + " without the name " + expectedName);
                }
            }
        };
    }

    @Override
    public void close() {
        store.close();
    }
}
