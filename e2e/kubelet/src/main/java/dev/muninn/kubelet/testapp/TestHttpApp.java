package dev.muninn.kubelet.testapp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The "image" muninn/test-http: a small HTTP process for the control plane's own tests. It binds $POD_IP (or
 * 0.0.0.0) on $PORT (8080) and serves:
 * GET /healthz (500 after POST /break), GET/PUT /kv/{key} (files under $DATA_DIR, default /data),
 * GET /whoami (host name and pod), GET /resolve/{name} (what this process resolves a name to), and
 * GET /whoami-api (who the API server says this pod's service-account token is, via in-cluster config).
 */
public final class TestHttpApp {
    private static final Path SERVICE_ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");
    private static final AtomicBoolean BROKEN = new AtomicBoolean();

    private TestHttpApp() {
    }

    public static void main(String[] args) throws IOException {
        String host = System.getenv().getOrDefault("POD_IP", "0.0.0.0");
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        Path data = Path.of(System.getenv().getOrDefault("DATA_DIR", "/data"));
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
        server.createContext("/healthz", ex -> reply(ex, BROKEN.get() ? 500 : 200, BROKEN.get() ? "broken" : "ok"));
        server.createContext("/break", ex -> {
            BROKEN.set(true);
            reply(ex, 200, "broken from now on");
        });
        server.createContext("/whoami", ex -> reply(ex, 200, InetAddress.getLocalHost().getHostName() + " "
                + System.getenv().getOrDefault("POD_NAME", "?")));
        server.createContext("/resolve/", ex -> {
            String name = ex.getRequestURI().getPath().substring("/resolve/".length());
            reply(ex, 200, InetAddress.getByName(name).getHostAddress());
        });
        server.createContext("/whoami-api", TestHttpApp::whoAmIOnApi);
        server.createContext("/kv/", ex -> {
            Path file = data.resolve(ex.getRequestURI().getPath().substring("/kv/".length()).replace("/", "_"));
            if ("PUT".equals(ex.getRequestMethod())) {
                Files.createDirectories(data);
                Files.write(file, ex.getRequestBody().readAllBytes());
                reply(ex, 204, "");
            } else if (Files.exists(file)) {
                reply(ex, 200, Files.readString(file));
            } else {
                reply(ex, 404, "no such key");
            }
        });
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("test-http: SIGTERM, stopping")));
        server.start();
        System.out.println("test-http: listening on " + host + ":" + port + ", data in " + data);
    }

    /** In-cluster config the way client libraries do it: env for the address, mounted token and CA. */
    private static void whoAmIOnApi(HttpExchange ex) throws IOException {
        try {
            String token = Files.readString(SERVICE_ACCOUNT.resolve("token")).strip();
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("ca", CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(SERVICE_ACCOUNT.resolve("ca.crt")))));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trusted);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, tmf.getTrustManagers(), null);
            String api = "https://" + System.getenv("KUBERNETES_SERVICE_HOST") + ":" + System.getenv("KUBERNETES_SERVICE_PORT");
            HttpResponse<String> answer = HttpClient.newBuilder().sslContext(tls).build().send(HttpRequest.newBuilder(
                            URI.create(api + "/apis/authentication.k8s.io/v1/selfsubjectreviews"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"SelfSubjectReview\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            reply(ex, answer.statusCode(), answer.body());
        } catch (GeneralSecurityException | InterruptedException | IOException e) {
            reply(ex, 500, e.toString());
        }
    }

    private static void reply(HttpExchange ex, int code, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(code, code == 204 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            if (code != 204) {
                out.write(body);
            }
        }
    }
}
