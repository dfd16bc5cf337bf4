package dev.muninn.node.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.ZipInputStream;

import javax.net.ssl.SSLSession;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.fasterxml.jackson.databind.JsonNode;

import dev.muninn.node.http.AccessFilter;
import dev.muninn.node.security.RequiredAccess;
import dev.muninn.pki.CertificateAuthority;
import dev.muninn.pki.IssuedCertificate;
import dev.muninn.pki.Pkcs12;
import dev.muninn.pki.Thumbprints;
import net.ravendb.client.documents.DocumentStore;
import net.ravendb.client.documents.session.IDocumentSession;
import net.ravendb.client.exceptions.security.AuthorizationException;
import net.ravendb.client.serverwide.DatabaseRecord;
import net.ravendb.client.serverwide.operations.CreateDatabaseOperation;
import net.ravendb.client.serverwide.operations.certificates.CertificateDefinition;
import net.ravendb.client.serverwide.operations.certificates.CertificateRawData;
import net.ravendb.client.serverwide.operations.certificates.CreateClientCertificateOperation;
import net.ravendb.client.serverwide.operations.certificates.DatabaseAccess;
import net.ravendb.client.serverwide.operations.certificates.DeleteCertificateOperation;
import net.ravendb.client.serverwide.operations.certificates.EditClientCertificateOperation;
import net.ravendb.client.serverwide.operations.certificates.GetCertificateOperation;
import net.ravendb.client.serverwide.operations.certificates.GetCertificatesOperation;
import net.ravendb.client.serverwide.operations.certificates.PutClientCertificateOperation;
import net.ravendb.client.serverwide.operations.certificates.SecurityClearance;

/**
 * A secured cluster of real node processes (HTTPS, Raft over mutual TLS, certificates from a test CA) used by the
 * official Java client with client certificates: what each clearance and database grant may do, every route's
 * guard, node-to-node trust, and a node certificate replaced on disk while a client writes.
 */
@Tag("process")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityIT {
    private SecureCluster cluster;
    private Path dir;

    public static class Person {
        private String name;

        public Person() {
        }

        public Person(String name) {
            this.name = name;
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }
    }

    @BeforeAll
    void startCluster() throws Exception {
        dir = Files.createTempDirectory("security-it");
        cluster = new SecureCluster(dir, 2, 19640).start();
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void theOfficialClientWorksWithinItsCertificatesGrant() throws Exception {
        try (DocumentStore admin = store(cluster.admin, "shop")) {
            admin.maintenance().server().send(new CreateDatabaseOperation(new DatabaseRecord("shop"), 2));
            admin.maintenance().server().send(new CreateDatabaseOperation(new DatabaseRecord("hr"), 1));
            store(admin, "users/1", "Ada");

            // Created by the node, registered through Raft, handed back as RavenDB's zip with a PKCS#12 first.
            CertificateRawData created = admin.maintenance().server().send(new CreateClientCertificateOperation(
                    "reader", Map.of("shop", DatabaseAccess.READ), SecurityClearance.VALID_USER));
            IssuedCertificate reader = firstPfxOf(created.getRawData());
            // Brought by the user (issued by its own CA), registered with PutClientCertificateOperation.
            IssuedCertificate writer = CertificateAuthority.generate("team CA", Duration.ofDays(1))
                    .issueClient("writer", Duration.ofDays(1));
            admin.maintenance().server().send(new PutClientCertificateOperation("writer",
                    java.util.Base64.getEncoder().encodeToString(writer.certificate().getEncoded()),
                    Map.of("shop", DatabaseAccess.READ_WRITE), SecurityClearance.VALID_USER));
            IssuedCertificate operator = cluster.ca.issueClient("operator", Duration.ofDays(1));
            admin.maintenance().server().send(new PutClientCertificateOperation("operator",
                    java.util.Base64.getEncoder().encodeToString(operator.certificate().getEncoded()), Map.of(),
                    SecurityClearance.OPERATOR));

            CertificateDefinition[] all = admin.maintenance().server().send(new GetCertificatesOperation(0, 50));
            assertThat(all).extracting(CertificateDefinition::getName)
                    .contains("reader", "writer", "operator", "Server Certificate");
            CertificateDefinition readerDefinition = admin.maintenance().server()
                    .send(new GetCertificateOperation(reader.thumbprint()));
            assertThat(readerDefinition.getPermissions()).containsEntry("shop", DatabaseAccess.READ);
            assertThat(readerDefinition.getSecurityClearance()).isEqualTo(SecurityClearance.VALID_USER);
            assertThat(admin.maintenance().server().send(new GetCertificateOperation("00" + reader.thumbprint()
                    .substring(2)))).isNull();

            try (DocumentStore asReader = store(reader, "shop"); DocumentStore asWriter = store(writer, "shop");
                 DocumentStore readerOnHr = store(reader, "hr"); DocumentStore asOperator = store(operator, "shop")) {
                assertThat(load(asReader, "users/1")).isEqualTo("Ada");
                assertThatThrownBy(() -> store(asReader, "users/2", "Bob")).isInstanceOf(AuthorizationException.class)
                        .hasMessageContaining("reader").hasMessageContaining("ReadWrite");
                assertThatThrownBy(() -> load(readerOnHr, "users/1")).isInstanceOf(AuthorizationException.class)
                        .hasMessageContaining("Could not authorize access to hr");
                store(asWriter, "users/2", "Bob");
                // counters: reading them (also the long form, a POST) needs read access, changing them read-write
                try (var session = asWriter.openSession()) {
                    session.countersFor("users/2").increment("likes", 3);
                    session.saveChanges();
                }
                String longName = "n".repeat(1100);
                var counters = asReader.operations().send(new net.ravendb.client.documents.operations.counters
                        .GetCountersOperation("users/2", new String[] {"likes", longName}));
                assertThat(counters.getCounters().get(0).getTotalValue()).isEqualTo(3L);
                var batch = new net.ravendb.client.documents.operations.counters.CounterBatch();
                var operations = new net.ravendb.client.documents.operations.counters.DocumentCountersOperation();
                operations.setDocumentId("users/2");
                operations.setOperations(List.of(net.ravendb.client.documents.operations.counters.CounterOperation
                        .create("likes", net.ravendb.client.documents.operations.counters.CounterOperationType.INCREMENT,
                                1)));
                batch.setDocuments(List.of(operations));
                assertThatThrownBy(() -> asReader.operations().send(new net.ravendb.client.documents.operations
                        .counters.CounterBatchOperation(batch))).isInstanceOf(AuthorizationException.class);
                assertThat(asReader.maintenance().server().send(
                        new net.ravendb.client.serverwide.operations.GetDatabaseNamesOperation(0, 50)))
                        .as("a ValidUser lists only the databases it was granted").containsExactly("shop");
                assertThat(load(asReader, "users/2")).isEqualTo("Bob");
                assertThatThrownBy(() -> asWriter.maintenance().server().send(new CreateDatabaseOperation(
                        new DatabaseRecord("sneaky"), 1))).isInstanceOf(AuthorizationException.class)
                        .hasMessageContaining("Operator/ClusterAdmin access is required");

                // An operator manages databases and ValidUser certificates, not cluster admins.
                asOperator.maintenance().server().send(new CreateDatabaseOperation(new DatabaseRecord("ops"), 1));
                assertThatThrownBy(() -> asOperator.maintenance().server().send(new CreateClientCertificateOperation(
                        "root", Map.of(), SecurityClearance.CLUSTER_ADMIN))).isInstanceOf(AuthorizationException.class)
                        .hasMessageContaining("only a ClusterAdmin");
                // Nor re-register a cluster admin's certificate with less (or any other) grant.
                admin.maintenance().server().send(new PutClientCertificateOperation("root",
                        java.util.Base64.getEncoder().encodeToString(cluster.ca.issueClient("root", Duration.ofDays(1))
                                .certificate().getEncoded()), Map.of(), SecurityClearance.CLUSTER_ADMIN));
                CertificateDefinition root = java.util.Arrays.stream(admin.maintenance().server()
                        .send(new GetCertificatesOperation(0, 50))).filter(d -> "root".equals(d.getName())).findFirst()
                        .orElseThrow();
                assertThatThrownBy(() -> asOperator.maintenance().server().send(new PutClientCertificateOperation(
                        "demoted", root.getCertificate(), Map.of(), SecurityClearance.VALID_USER)))
                        .isInstanceOf(AuthorizationException.class).hasMessageContaining("only a ClusterAdmin");

                // Granting more takes effect at once, on both nodes (through Raft).
                EditClientCertificateOperation.Parameters grant = new EditClientCertificateOperation.Parameters();
                grant.setThumbprint(reader.thumbprint());
                grant.setName("reader");
                grant.setClearance(SecurityClearance.VALID_USER);
                grant.setPermissions(Map.of("shop", DatabaseAccess.READ, "hr", DatabaseAccess.READ_WRITE));
                asOperator.maintenance().server().send(new EditClientCertificateOperation(grant));
                store(readerOnHr, "people/1", "Eve");

                // A deleted certificate is refused on its next request.
                admin.maintenance().server().send(new DeleteCertificateOperation(writer.thumbprint()));
                assertThatThrownBy(() -> load(asWriter, "users/1")).isInstanceOf(AuthorizationException.class)
                        .hasMessageContaining("is unknown to the server");
            }
        }
        // No certificate at all, and a certificate nobody registered.
        HttpResponse<String> anonymous = cluster.client(null).send(get(cluster.node(1).url()
                + "/databases/shop/docs?id=users/1"), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(403);
        assertThat(anonymous.body()).contains("InvalidAuth").contains("none was provided");
        IssuedCertificate stranger = CertificateAuthority.generate("stranger CA", Duration.ofDays(1))
                .issueClient("stranger", Duration.ofDays(1));
        HttpResponse<String> unknown = cluster.client(stranger).send(get(cluster.node(0).url()
                + "/cluster/topology"), HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(403);
        assertThat(unknown.body()).contains("unknown to the server").contains(stranger.thumbprint());
        assertThat(Files.readString(dir.resolve("node1.log"))).contains("event=access-refused")
                .contains("certificate=" + stranger.thumbprint()).contains("event=admin-action");
    }

    /**
     * Every JAX-RS route of the node, called by a ValidUser that may read and write one database, and by a client
     * without a certificate: admin routes are refused to the first, everything but the public routes to the second.
     */
    @Test
    void everyAdminRouteIsRefusedToAValidUser() throws Exception {
        IssuedCertificate user = cluster.ca.issueClient("walker", Duration.ofDays(1));
        HttpResponse<String> put = cluster.client(cluster.admin).send(HttpRequest.newBuilder(URI.create(
                cluster.node(0).url() + "/admin/certificates")).PUT(HttpRequest.BodyPublishers.ofString(
                "{\"Name\":\"walker\",\"SecurityClearance\":\"ValidUser\",\"Permissions\":{\"walk\":\"ReadWrite\"},"
                        + "\"Certificate\":\"" + java.util.Base64.getEncoder().encodeToString(
                        user.certificate().getEncoded()) + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
        HttpClient asUser = cluster.client(user);
        HttpClient anonymous = cluster.client(null);
        List<String> wrong = new ArrayList<>();
        int walked = 0;
        for (Route route : routes()) {
            // Server routes about one database name it in the query (?name=, as the client sends it).
            String url = cluster.node(0).url() + route.path.replace("{db}", "walk").replace("{database}", "walk")
                    + "?name=walk";
            boolean adminOnly = route.required == RequiredAccess.DatabaseAdmin || route.required == RequiredAccess.Operator
                    || route.required == RequiredAccess.ClusterAdmin || route.required == RequiredAccess.ClusterNode;
            int userStatus = send(asUser, route.method, url);
            int anonymousStatus = send(anonymous, route.method, url);
            if (adminOnly != (userStatus == 403)) {
                wrong.add(route + " answered " + userStatus + " to a ValidUser");
            }
            if ((route.required != RequiredAccess.Unauthenticated) != (anonymousStatus == 403)) {
                wrong.add(route + " answered " + anonymousStatus + " without a certificate");
            }
            walked++;
        }
        assertThat(walked).isGreaterThan(50);
        assertThat(wrong).isEmpty();
    }

    /** The operator's typed client over TLS: with the admin certificate it works, without one it is refused. */
    @Test
    void theTypedAdminClientSpeaksTls() {
        var admin = new dev.muninn.nodeclient.HttpNodeAdminClient(Duration.ofSeconds(10),
                cluster.sslContext(cluster.admin));
        assertThat(admin.topology(cluster.node(1).url()).members()).hasSize(2);
        var anonymous = new dev.muninn.nodeclient.HttpNodeAdminClient(Duration.ofSeconds(10),
                cluster.sslContext(null));
        assertThatThrownBy(() -> anonymous.topology(cluster.node(1).url()))
                .isInstanceOf(dev.muninn.nodeclient.NodeAdminException.class).hasMessageContaining("403");
    }

    @Test
    void nodesRefuseAPeerFromAnotherCa() throws Exception {
        IssuedCertificate impostor = CertificateAuthority.generate("impostor CA", Duration.ofDays(1))
                .issueNode("node-9", List.of("localhost"), List.of("127.0.0.1"), Duration.ofDays(1));
        // As a node-to-node call (replication) over HTTPS: an unknown certificate, not a cluster node.
        HttpResponse<String> batch = cluster.client(impostor).send(HttpRequest.newBuilder(URI.create(
                cluster.node(0).url() + "/databases/shop/replication/batch")).POST(HttpRequest.BodyPublishers
                .ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(batch.statusCode()).isEqualTo(403);
        assertThat(batch.body()).contains("unknown to the server");
        // On the Raft port: the TLS handshake itself fails for it, and succeeds for a certificate of the cluster.
        String raft = cluster.node(0).tcpAddress();
        assertThat(raftHandshake(raft, cluster.ca.issueNode("node-8", List.of(), List.of("127.0.0.1"),
                Duration.ofDays(1)))).isNull();
        assertThat(raftHandshake(raft, impostor)).isNotNull();
        // A client certificate of the cluster's own CA (a user's) is not a node either: it may not speak Raft.
        assertThat(raftHandshake(raft, cluster.ca.issueClient("user", Duration.ofDays(1)))).isNotNull();
    }

    /** The first node's certificate is replaced on disk while a client writes through it: no request fails. */
    @Test
    void aReplacedNodeCertificateIsServedWithoutARestartOrAFailedRequest() throws Exception {
        try (DocumentStore admin = store(cluster.admin, "rotation")) {
            admin.maintenance().server().send(new CreateDatabaseOperation(new DatabaseRecord("rotation"), 2));
            AtomicBoolean writing = new AtomicBoolean(true);
            AtomicInteger written = new AtomicInteger();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread writer = new Thread(() -> {
                while (writing.get() && failure.get() == null) {
                    try {
                        store(admin, "items/" + written.incrementAndGet(), "x");
                    } catch (Throwable e) {
                        failure.set(e);
                    }
                }
            });
            writer.start();
            String before = servedThumbprint(cluster.node(0).url());
            Thread.sleep(1_000);
            IssuedCertificate renewed = cluster.ca.issueNode("node-1", List.of("localhost"), List.of("127.0.0.1"),
                    Duration.ofDays(1));
            SecureCluster.writeNodeCertificate(cluster.certificateFiles.get(0), renewed);
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (!renewed.thumbprint().equals(servedThumbprint(cluster.node(0).url()))
                    && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            Thread.sleep(1_500); // writes go on over connections made with the new certificate too
            writing.set(false);
            writer.join();
            assertThat(failure.get()).isNull();
            assertThat(before).isNotEqualTo(renewed.thumbprint());
            assertThat(servedThumbprint(cluster.node(0).url())).isEqualTo(renewed.thumbprint());
            assertThat(written.get()).isGreaterThan(20);
            assertThat(Files.readString(dir.resolve("node1.log"))).contains("event=certificate-reloaded thumbprint="
                    + renewed.thumbprint());
        }
    }

    /**
     * An encrypted database: its key is distributed to its nodes first (RavenDB's /admin/secrets routes); its files
     * hold none of a known document's text while a plain database's do; without its key, or with another, a node
     * refuses to open it and says why; given the right key again it serves.
     */
    @Test
    void anEncryptedDatabaseHoldsNoPlaintextAndOpensOnlyWithItsKey() throws Exception {
        HttpClient http = cluster.client(cluster.admin);
        String key = http.send(get(cluster.node(0).url() + "/admin/secrets/generate"),
                HttpResponse.BodyHandlers.ofString()).body().trim();
        assertThat(java.util.Base64.getDecoder().decode(key)).hasSize(32);
        HttpResponse<String> distributed = http.send(HttpRequest.newBuilder(URI.create(cluster.node(0).url()
                + "/admin/secrets/distribute?name=vault&node=A&node=B")).POST(HttpRequest.BodyPublishers.ofString(key))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(distributed.statusCode()).as(distributed.body()).isEqualTo(201);
        String canary = "canary-" + java.util.UUID.randomUUID();
        try (DocumentStore admin = store(cluster.admin, "vault"); DocumentStore plain = store(cluster.admin, "plain")) {
            DatabaseRecord encrypted = new DatabaseRecord("vault");
            encrypted.setEncrypted(true);
            admin.maintenance().server().send(new CreateDatabaseOperation(encrypted, 2));
            admin.maintenance().server().send(new CreateDatabaseOperation(new DatabaseRecord("plain"), 1));
            for (int i = 0; i < 50; i++) {
                store(admin, "secrets/" + i, canary);
            }
            store(plain, "secrets/1", canary);
            // Without its key a node cannot open it, and says what to do.
            DatabaseRecord keyless = new DatabaseRecord("keyless");
            keyless.setEncrypted(true);
            admin.maintenance().server().send(new CreateDatabaseOperation(keyless, 2));
            HttpResponse<String> refused = http.send(get(cluster.node(0).url() + "/databases/keyless/docs?id=a"),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.body()).contains("is encrypted and its key is not on node").contains("/admin/secrets");
        }
        byte[] needle = canary.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(filesContaining(dir.resolve("node1/Databases/vault"), needle)).isEmpty();
        assertThat(filesContaining(dir.resolve("node2/Databases/vault"), needle)).isEmpty();
        assertThat(filesContaining(dir.resolve("node1/Databases/plain"), needle)).isNotEmpty(); // the scan sees text
        // Same key on both nodes, but not the same keystream: each directory has its own IV.
        assertThat(Files.readString(dir.resolve("node1/Databases/vault/encryption.check")))
                .isNotEqualTo(Files.readString(dir.resolve("node2/Databases/vault/encryption.check")));

        // Node B gets another key and restarts: it refuses the database; the right key brings it back.
        byte[] other = new byte[32];
        new java.security.SecureRandom().nextBytes(other);
        putKey(http, 1, java.util.Base64.getEncoder().encodeToString(other));
        cluster.node(1).stop();
        cluster.node(1).start();
        HttpResponse<String> wrong = http.send(get(cluster.node(1).url() + "/databases/vault/docs?id=secrets/1"),
                HttpResponse.BodyHandlers.ofString());
        assertThat(wrong.statusCode()).isEqualTo(503);
        assertThat(wrong.body()).contains("the encryption key does not open it");
        putKey(http, 1, key);
        HttpResponse<String> read = http.send(get(cluster.node(1).url() + "/databases/vault/docs?id=secrets/1"),
                HttpResponse.BodyHandlers.ofString());
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        assertThat(read.body()).contains(canary);
        assertThat(Files.readString(dir.resolve("node2.log"))).doesNotContain(key);
    }

    /**
     * An encrypted database's backups are encrypted with its key (a known document's text is in none of the files;
     * a backup without encryption is refused); a restore without the key is refused up front, one with another key
     * fails saying so, and one with the key brings back every document into a database encrypted with it.
     */
    @Test
    void anEncryptedDatabasesBackupIsEncryptedAndRestoresOnlyWithItsKey() throws Exception {
        HttpClient http = cluster.client(cluster.admin);
        String key = http.send(get(cluster.node(0).url() + "/admin/secrets/generate"),
                HttpResponse.BodyHandlers.ofString()).body().trim();
        HttpResponse<String> distributed = http.send(HttpRequest.newBuilder(URI.create(cluster.node(0).url()
                + "/admin/secrets/distribute?name=ledger&node=A&node=B")).POST(HttpRequest.BodyPublishers
                .ofString(key)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(distributed.statusCode()).as(distributed.body()).isEqualTo(201);
        String canary = "ledger-canary-" + java.util.UUID.randomUUID();
        Path folder = dir.resolve("ledger-backups");
        try (DocumentStore admin = store(cluster.admin, "ledger")) {
            DatabaseRecord record = new DatabaseRecord("ledger");
            record.setEncrypted(true);
            admin.maintenance().server().send(new CreateDatabaseOperation(record, 1));
            for (int i = 0; i < 30; i++) {
                store(admin, "entries/" + i, canary);
            }
            net.ravendb.client.documents.operations.backups.BackupConfiguration backup =
                    new net.ravendb.client.documents.operations.backups.BackupConfiguration();
            backup.setBackupType(net.ravendb.client.documents.operations.backups.BackupType.BACKUP);
            net.ravendb.client.documents.operations.backups.LocalSettings local =
                    new net.ravendb.client.documents.operations.backups.LocalSettings();
            local.setFolderPath(folder.toString());
            backup.setLocalSettings(local);
            admin.maintenance().sendAsync(new net.ravendb.client.documents.operations.backups.BackupOperation(backup))
                    .waitForCompletion();

            net.ravendb.client.documents.operations.backups.BackupEncryptionSettings none =
                    new net.ravendb.client.documents.operations.backups.BackupEncryptionSettings();
            none.setEncryptionMode(net.ravendb.client.documents.operations.backups.EncryptionMode.NONE);
            backup.setBackupEncryptionSettings(none);
            assertThatThrownBy(() -> admin.maintenance().send(
                    new net.ravendb.client.documents.operations.backups.BackupOperation(backup)))
                    .hasMessageContaining("its backups must be too");

            List<Path> files;
            try (var list = Files.list(folder)) {
                files = list.toList();
            }
            assertThat(files).singleElement().satisfies(file -> assertThat(
                    dev.muninn.node.tasks.BackupEncryption.isEncrypted(file)).isTrue());
            assertThat(filesContaining(folder, canary.getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEmpty();

            net.ravendb.client.documents.operations.backups.RestoreBackupConfiguration keyless =
                    new net.ravendb.client.documents.operations.backups.RestoreBackupConfiguration();
            keyless.setDatabaseName("ledger-keyless");
            keyless.setBackupLocation(folder.toString());
            assertThatThrownBy(() -> admin.maintenance().server().send(
                    new net.ravendb.client.documents.operations.backups.RestoreBackupOperation(keyless)))
                    .hasMessageContaining("is encrypted: give its key");

            byte[] other = new byte[32];
            new java.security.SecureRandom().nextBytes(other);
            net.ravendb.client.documents.operations.backups.RestoreBackupConfiguration wrong =
                    new net.ravendb.client.documents.operations.backups.RestoreBackupConfiguration();
            wrong.setDatabaseName("ledger-wrong");
            wrong.setBackupLocation(folder.toString());
            net.ravendb.client.documents.operations.backups.BackupEncryptionSettings otherKey =
                    new net.ravendb.client.documents.operations.backups.BackupEncryptionSettings();
            otherKey.setKey(java.util.Base64.getEncoder().encodeToString(other));
            wrong.setBackupEncryptionSettings(otherKey);
            assertThatThrownBy(() -> admin.maintenance().server().sendAsync(
                    new net.ravendb.client.documents.operations.backups.RestoreBackupOperation(wrong))
                    .waitForCompletion()).hasMessageContaining("does not decrypt");

            net.ravendb.client.documents.operations.backups.RestoreBackupConfiguration restore =
                    new net.ravendb.client.documents.operations.backups.RestoreBackupConfiguration();
            restore.setDatabaseName("ledger-restored");
            restore.setBackupLocation(folder.toString());
            restore.setEncryptionKey(key);
            admin.maintenance().server().sendAsync(
                    new net.ravendb.client.documents.operations.backups.RestoreBackupOperation(restore))
                    .waitForCompletion();
            net.ravendb.client.serverwide.DatabaseRecordWithEtag restored = admin.maintenance().server().send(
                    new net.ravendb.client.serverwide.operations.GetDatabaseRecordOperation("ledger-restored"));
            assertThat(restored.isEncrypted()).isTrue();
        }
        try (DocumentStore restored = store(cluster.admin, "ledger-restored")) {
            for (int i = 0; i < 30; i++) {
                assertThat(load(restored, "entries/" + i)).isEqualTo(canary);
            }
        }
        String restoredOn = cluster.nodes.stream().filter(n -> Files.isDirectory(dir.resolve(
                "node" + (cluster.nodes.indexOf(n) + 1) + "/Databases/ledger-restored"))).findFirst()
                .map(n -> "node" + (cluster.nodes.indexOf(n) + 1)).orElseThrow();
        assertThat(filesContaining(dir.resolve(restoredOn + "/Databases/ledger-restored"),
                canary.getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEmpty();
    }

    private void putKey(HttpClient http, int node, String key) throws Exception {
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(cluster.node(node).url()
                + "/admin/secrets?name=vault&overwrite=true")).POST(HttpRequest.BodyPublishers.ofString(key)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
    }

    /** The files under {@code root} whose bytes contain {@code needle}. */
    private static List<Path> filesContaining(Path root, byte[] needle) throws IOException {
        assertThat(root).isDirectory();
        List<Path> found = new ArrayList<>();
        try (var files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                byte[] bytes = Files.readAllBytes(file);
                for (int i = 0; i + needle.length <= bytes.length; i++) {
                    if (java.util.Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) {
                        found.add(file);
                        break;
                    }
                }
            }
        }
        return found;
    }

    private record Route(String method, String path, RequiredAccess required) {
    }

    /** The node's JAX-RS routes, from its resource classes. */
    private static List<Route> routes() throws Exception {
        List<Route> routes = new ArrayList<>();
        Path classes = Path.of("target/classes/dev/muninn/node/http");
        try (var files = Files.list(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith("Resource.class")).toList()) {
                Class<?> type = Class.forName("dev.muninn.node.http." + file.getFileName().toString()
                        .replace(".class", ""));
                jakarta.ws.rs.Path base = type.getAnnotation(jakarta.ws.rs.Path.class);
                if (base == null) {
                    continue;
                }
                for (Method method : type.getDeclaredMethods()) {
                    String verb = verbOf(method);
                    if (verb == null) {
                        continue;
                    }
                    jakarta.ws.rs.Path sub = method.getAnnotation(jakarta.ws.rs.Path.class);
                    String path = ("/" + base.value() + "/" + (sub == null ? "" : sub.value())).replaceAll("/+", "/");
                    if (path.length() > 1 && path.endsWith("/")) {
                        path = path.substring(0, path.length() - 1);
                    }
                    routes.add(new Route(verb, path, AccessFilter.requiredBy(method)));
                }
            }
        }
        return routes;
    }

    private static String verbOf(Method method) {
        for (Class<? extends java.lang.annotation.Annotation> verb : List.of(jakarta.ws.rs.GET.class,
                jakarta.ws.rs.PUT.class, jakarta.ws.rs.POST.class, jakarta.ws.rs.DELETE.class,
                jakarta.ws.rs.HEAD.class)) {
            if (method.isAnnotationPresent(verb)) {
                return verb.getSimpleName();
            }
        }
        return null;
    }

    private static int send(HttpClient client, String method, String url) throws Exception {
        HttpRequest.BodyPublisher body = "GET".equals(method) || "HEAD".equals(method) || "DELETE".equals(method)
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString("{}");
        return client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .method(method, body).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Null when a TLS handshake with {@code certificate} on the Raft port succeeds, else why it failed. */
    private String raftHandshake(String address, IssuedCertificate certificate) throws Exception {
        javax.net.ssl.SSLContext context = cluster.sslContext(certificate);
        String host = address.substring(0, address.lastIndexOf(':'));
        int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) context.getSocketFactory()
                .createSocket(host, port)) {
            javax.net.ssl.SSLParameters parameters = socket.getSSLParameters();
            parameters.setApplicationProtocols(new String[] {"h2"});
            socket.setSSLParameters(parameters);
            socket.setSoTimeout(5_000);
            socket.startHandshake();
            // TLS 1.3: the server checks the client's certificate after the client finished; a read sees its alert.
            socket.getOutputStream().write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes());
            socket.getOutputStream().flush();
            int read = socket.getInputStream().read();
            return read < 0 ? "closed" : null;
        } catch (IOException e) {
            return e.toString();
        }
    }

    private String servedThumbprint(String url) throws Exception {
        URI uri = URI.create(url);
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) cluster.sslContext(null).getSocketFactory()
                .createSocket(uri.getHost(), uri.getPort())) {
            socket.startHandshake();
            SSLSession session = socket.getSession();
            return Thumbprints.of((java.security.cert.X509Certificate) session.getPeerCertificates()[0]);
        }
    }

    private static HttpRequest get(String url) {
        return HttpRequest.newBuilder(URI.create(url)).GET().build();
    }

    private DocumentStore store(IssuedCertificate certificate, String database) {
        DocumentStore store = new DocumentStore(cluster.nodes.stream().map(NodeProcess::url).toArray(String[]::new),
                database);
        store.setCertificate(Pkcs12.keyStore(certificate, ""));
        store.setTrustStore(cluster.trustStore());
        store.initialize();
        return store;
    }

    private static void store(DocumentStore store, String id, String name) {
        try (IDocumentSession session = store.openSession()) {
            session.store(new Person(name), id);
            session.saveChanges();
        }
    }

    private static String load(DocumentStore store, String id) {
        try (IDocumentSession session = store.openSession()) {
            Person person = session.load(Person.class, id);
            return person == null ? null : person.getName();
        }
    }

    private static IssuedCertificate firstPfxOf(byte[] zip) throws IOException {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            var entry = in.getNextEntry();
            assertThat(entry.getName()).endsWith(".pfx");
            byte[] pfx = in.readAllBytes();
            KeyStore.getInstance("PKCS12"); // the client reads it as PKCS#12 with an empty password, as does this
            return Pkcs12.read(pfx, "");
        } catch (java.security.KeyStoreException e) {
            throw new IllegalStateException(e);
        }
    }
}
