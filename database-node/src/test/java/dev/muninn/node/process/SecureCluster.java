package dev.muninn.node.process;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import com.fasterxml.jackson.databind.JsonNode;

import dev.muninn.pki.CertificateAuthority;
import dev.muninn.pki.IssuedCertificate;
import dev.muninn.pki.Pem;
import dev.muninn.pki.Pkcs12;

/**
 * Real node processes serving HTTPS with certificates from a test CA (PEM files on disk, as a Kubernetes Secret
 * holds them): node i on {@code https://127.0.0.1:basePort+i}, an admin client certificate that the nodes know as
 * well-known admin, and helpers to call them with any certificate.
 */
final class SecureCluster implements AutoCloseable {
    final CertificateAuthority ca = CertificateAuthority.generate("SecurityIT CA", Duration.ofDays(2));
    final IssuedCertificate admin = ca.issueClient("it-admin", Duration.ofDays(1));
    final List<NodeProcess> nodes = new ArrayList<>();
    final List<Path> certificateFiles = new ArrayList<>();
    private final Path dir;

    SecureCluster(Path dir, int count, int basePort) throws IOException {
        this.dir = dir;
        Files.writeString(dir.resolve("ca.pem"), Pem.certificates(List.of(ca.certificate())));
        for (int i = 1; i <= count; i++) {
            Path crt = dir.resolve("node" + i + ".crt");
            writeNodeCertificate(crt, ca.issueNode("node-" + i, List.of("localhost"), List.of("127.0.0.1"),
                    Duration.ofDays(1)));
            certificateFiles.add(crt);
            nodes.add(new NodeProcess("https://127.0.0.1:" + (basePort + i), dir.resolve("node" + i))
                    .withSetting("Security.Certificate.Path", crt.toString())
                    .withSetting("Security.Certificate.Key.Path", crt.toString().replace(".crt", ".key"))
                    .withSetting("Security.Certificate.Ca.Path", dir.resolve("ca.pem").toString())
                    .withSetting("Security.Certificate.ReloadIntervalInSec", "1")
                    .withSetting("Security.WellKnownCertificates.Admin", admin.thumbprint()));
        }
    }

    /** Replaces a node's certificate files in place (the key first, as a renewal writes them). */
    static void writeNodeCertificate(Path crt, IssuedCertificate certificate) throws IOException {
        Path key = Path.of(crt.toString().replace(".crt", ".key"));
        Path tmpKey = Files.writeString(key.resolveSibling(key.getFileName() + ".tmp"), Pem.privateKey(certificate.key()));
        Path tmpCrt = Files.writeString(crt.resolveSibling(crt.getFileName() + ".tmp"),
                Pem.certificates(certificate.chain()));
        Files.move(tmpKey, key, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        Files.move(tmpCrt, crt, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    SecureCluster start() throws Exception {
        try {
            for (NodeProcess node : nodes) {
                node.start();
            }
            HttpClient http = client(admin);
            for (int i = 1; i < nodes.size(); i++) {
                HttpResponse<String> added = http.send(HttpRequest.newBuilder(URI.create(nodes.get(0).url()
                        + "/admin/cluster/node?url=" + nodes.get(i).url())).PUT(HttpRequest.BodyPublishers.noBody())
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (added.statusCode() != 200) {
                    throw new IllegalStateException("Adding " + nodes.get(i).url() + " failed: " + added.body());
                }
            }
            awaitMembers(http);
            return this;
        } catch (Exception | AssertionError e) {
            close();
            throw e;
        }
    }

    private void awaitMembers(HttpClient http) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (NodeProcess node : nodes) {
                HttpResponse<String> topology = http.send(HttpRequest.newBuilder(URI.create(node.url()
                        + "/cluster/topology")).build(), HttpResponse.BodyHandlers.ofString());
                last = topology.body();
                JsonNode members = ClusterFixture.JSON.readTree(topology.body()).path("Topology").path("Members");
                all &= members.size() == nodes.size();
            }
            if (all) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the secured nodes did not form a cluster: " + last + logs());
    }

    String logs() throws IOException {
        StringBuilder logs = new StringBuilder();
        for (NodeProcess node : nodes) {
            logs.append("\n--- ").append(node.url()).append(" ---\n").append(node.tail());
        }
        return logs.toString();
    }

    /** The trust store of a client: the cluster's CA. */
    KeyStore trustStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("ca", ca.certificate());
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An HTTPS client presenting {@code certificate} (none when null) and trusting the cluster's CA. */
    HttpClient client(IssuedCertificate certificate) {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).sslContext(sslContext(certificate))
                .build();
    }

    SSLContext sslContext(IssuedCertificate certificate) {
        try {
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trustStore());
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            if (certificate != null) {
                keys.init(Pkcs12.keyStore(certificate, ""), new char[0]);
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(certificate == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** For waiting on a node to answer at all, whatever its certificate. */
    static SSLContext trustAll() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    NodeProcess node(int i) {
        return nodes.get(i);
    }

    Path dir() {
        return dir;
    }

    @Override
    public void close() throws Exception {
        for (NodeProcess node : nodes) {
            node.close();
        }
    }
}
