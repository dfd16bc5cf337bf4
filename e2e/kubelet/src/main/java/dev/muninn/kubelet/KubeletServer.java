package dev.muninn.kubelet;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;

/**
 * The kubelet's HTTPS endpoint (port 10250) for what the API server proxies to a node: container logs, so
 * {@code kubectl logs [-f] [--tail]} works. Clients must present a certificate of the cluster CA (the API
 * server's kubelet-client certificate); exec, attach and port-forward are not served.
 */
final class KubeletServer implements AutoCloseable {
    private final HttpsServer server;
    /** (namespace/pod, container) to that container's log file, if the pod runs here. */
    private final BiFunction<String, String, Optional<Path>> logs;

    KubeletServer(KubeletOptions options, BiFunction<String, String, Optional<Path>> logs)
            throws IOException, GeneralSecurityException {
        this.logs = logs;
        server = HttpsServer.create(new InetSocketAddress(options.nodeIp(), options.port()), 64);
        SSLContext tls = tls(options.tlsCertFile(), options.tlsKeyFile(), options.caFile());
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                var parameters = tls.getDefaultSSLParameters();
                parameters.setNeedClientAuth(true);
                params.setSSLParameters(parameters);
            }
        });
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "kubelet-server");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/healthz", exchange -> reply(exchange, 200, "ok"));
        server.createContext("/containerLogs/", this::containerLogs);
        server.createContext("/", exchange -> reply(exchange, 404,
                "not served by the process kubelet: " + exchange.getRequestURI().getPath()));
    }

    void start() {
        server.start();
    }

    private void containerLogs(HttpExchange exchange) throws IOException {
        String[] parts = exchange.getRequestURI().getPath().split("/");
        if (parts.length != 5) {
            reply(exchange, 400, "expected /containerLogs/{namespace}/{pod}/{container}");
            return;
        }
        Optional<Path> file = logs.apply(parts[2] + "/" + parts[3], parts[4]);
        if (file.isEmpty() || !Files.exists(file.get())) {
            reply(exchange, 404, "container \"" + parts[4] + "\" in pod \"" + parts[3] + "\" has no logs here");
            return;
        }
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        boolean follow = "true".equals(query.get("follow"));
        long tail = query.containsKey("tailLines") ? Long.parseLong(query.get("tailLines")) : -1;
        exchange.getResponseHeaders().add("Content-Type", "text/plain");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody(); RandomAccessFile log = new RandomAccessFile(file.get().toFile(), "r")) {
            long position = tail < 0 ? 0 : startOfLastLines(file.get(), tail);
            log.seek(position);
            byte[] buffer = new byte[16384];
            while (true) {
                int n = log.read(buffer);
                if (n > 0) {
                    out.write(buffer, 0, n);
                    continue;
                }
                if (!follow || !Files.exists(file.get())) {
                    break;
                }
                out.flush();
                Thread.sleep(250);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The client went away (kubectl logs -f interrupted): nothing to report.
        }
    }

    private static long startOfLastLines(Path file, long lines) throws IOException {
        byte[] all = Files.readAllBytes(file);
        int seen = 0;
        for (int i = all.length - 2; i >= 0; i--) {
            if (all[i] == '\n' && ++seen == lines) {
                return i + 1;
            }
        }
        return 0;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw == null) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    private static void reply(HttpExchange exchange, int code, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/plain");
        exchange.sendResponseHeaders(code, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** A TLS context from the PEM files openssl wrote: the serving certificate, its PKCS#8 key, the cluster CA. */
    static SSLContext tls(Path certFile, Path keyFile, Path caFile) throws IOException, GeneralSecurityException {
        CertificateFactory certificates = CertificateFactory.getInstance("X.509");
        List<? extends Certificate> chain = List.copyOf(certificates.generateCertificates(
                new ByteArrayInputStream(Files.readAllBytes(certFile))));
        String pem = Files.readString(keyFile);
        if (!pem.contains("BEGIN PRIVATE KEY")) {
            throw new GeneralSecurityException(keyFile + " is not a PKCS#8 PEM key");
        }
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("kubelet", key, new char[0], chain.toArray(new Certificate[0]));
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, new char[0]);
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        trusted.setCertificateEntry("ca", certificates.generateCertificate(new ByteArrayInputStream(Files.readAllBytes(caFile))));
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
