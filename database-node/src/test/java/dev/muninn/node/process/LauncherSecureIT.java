package dev.muninn.node.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.muninn.pki.Pem;
import net.ravendb.client.documents.DocumentStore;
import net.ravendb.client.documents.session.IDocumentSession;
import net.ravendb.client.serverwide.DatabaseRecord;
import net.ravendb.client.serverwide.operations.CreateDatabaseOperation;

/**
 * {@code ./muninn up --secure} as a user runs it: HTTPS nodes on 127.0.0.i, and in certs/ the CA and an admin
 * certificate the official client connects with, exactly as the launcher prints.
 */
@Tag("process")
class LauncherSecureIT {
    private static final String PORT = "18480";
    private final Path root = Launcher.root();

    @Test
    void upSecureLeavesCertificatesTheOfficialClientConnectsWith() throws Exception {
        assertThat(root.resolve("data")).as("a cluster of ./muninn up already runs here").doesNotExist();
        try {
            String output = launcher("up", "--secure", "--nodes", "2");
            assertThat(output).contains("https://127.0.0.1:" + PORT).contains("https://127.0.0.2:" + PORT)
                    .contains("curl --cacert certs/ca.pem --cert certs/admin.crt --key certs/admin.key");
            Path certs = root.resolve("certs");
            assertThat(Pem.readCertificates(Files.readString(certs.resolve("admin.crt")))).hasSize(2);
            assertThat(Pem.readPrivateKey(Files.readString(certs.resolve("admin.key")))).isNotNull();

            KeyStore admin = KeyStore.getInstance("PKCS12");
            try (InputStream pfx = new FileInputStream(certs.resolve("admin.pfx").toFile())) {
                admin.load(pfx, new char[0]);
            }
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            try (InputStream ca = new FileInputStream(certs.resolve("ca.pem").toFile())) {
                trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(ca));
            }
            try (DocumentStore store = new DocumentStore(new String[] {"https://127.0.0.1:" + PORT}, "launched")) {
                store.setCertificate(admin);
                store.setTrustStore(trust);
                store.initialize();
                store.maintenance().server().send(new CreateDatabaseOperation(new DatabaseRecord("launched"), 2));
                try (IDocumentSession session = store.openSession()) {
                    session.store(new SecurityIT.Person("Ada"), "people/1");
                    session.saveChanges();
                }
            }
            assertThat(launcher("status")).contains("https://127.0.0.2:" + PORT).contains("up (tag B)");
        } finally {
            launcher("down", "--purge");
        }
        assertThat(root.resolve("certs")).doesNotExist();
    }

    private String launcher(String... args) throws IOException, InterruptedException {
        return Launcher.run(Map.of("MUNINN_PORT", PORT), args);
    }
}
