package dev.muninn.kubelet;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ExecAction;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.IntOrString;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs one probe or lifecycle handler against a running container, as the kubelet's prober does. */
final class ProbeRunner {
    /** The outcome of one attempt, with the message the Unhealthy event carries. */
    record Result(boolean success, String message) {
    }

    /** Kubelet probes do not verify certificates; neither does this one. */
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .sslContext(trustAll())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    private ProbeRunner() {
    }

    static Result httpGet(HTTPGetAction action, Container container, String podIp, int timeoutSeconds) {
        String host = action.getHost() == null || action.getHost().isEmpty() ? podIp : action.getHost();
        String scheme = action.getScheme() == null ? "http" : action.getScheme().toLowerCase();
        String path = action.getPath() == null || action.getPath().isEmpty() ? "/" : action.getPath();
        if (!path.startsWith("/")) {
            path = "/" + path;
        }
        String url = scheme + "://" + host + path;
        try {
            int port = port(action.getPort(), container);
            url = scheme + "://" + host + ":" + port + path;
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(timeoutSeconds)).header("User-Agent", "kube-probe/1.34");
            if (action.getHttpHeaders() != null) {
                action.getHttpHeaders().forEach(h -> request.header(h.getName(), h.getValue()));
            }
            HttpResponse<Void> response = HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.discarding());
            int code = response.statusCode();
            return code >= 200 && code < 400 ? new Result(true, "HTTP " + code)
                    : new Result(false, "HTTP probe failed with statuscode: " + code);
        } catch (IOException | IllegalArgumentException e) {
            return new Result(false, "Get \"" + url + "\": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, "interrupted");
        }
    }

    static Result tcpSocket(IntOrString portSpec, String host, Container container, String podIp, int timeoutSeconds) {
        String target = host == null || host.isEmpty() ? podIp : host;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(target, port(portSpec, container)), timeoutSeconds * 1000);
            return new Result(true, "connected");
        } catch (IOException | IllegalArgumentException e) {
            return new Result(false, "dial tcp " + target + ": " + e.getMessage());
        }
    }

    /** Runs the command inside the container's namespaces (its mounts and host name), with its environment. */
    static Result exec(ExecAction action, long containerPid, Map<String, String> env, int timeoutSeconds) {
        List<String> command = new ArrayList<>(List.of("nsenter", "-t", Long.toString(containerPid), "-m", "-u", "--"));
        command.addAll(action.getCommand());
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().clear();
            builder.environment().putAll(env);
            Process process = builder.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(false, "command timed out after " + timeoutSeconds + "s");
            }
            String output = new String(process.getInputStream().readAllBytes()).strip();
            return process.exitValue() == 0 ? new Result(true, output)
                    : new Result(false, "command failed with exit code " + process.exitValue() + ": " + output);
        } catch (IOException e) {
            return new Result(false, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, "interrupted");
        }
    }

    static int port(IntOrString port, Container container) {
        if (port == null) {
            throw new IllegalArgumentException("no port");
        }
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        String name = port.getStrVal();
        if (name.chars().allMatch(Character::isDigit)) {
            return Integer.parseInt(name);
        }
        for (ContainerPort p : ContainerEnvironment.nullSafe(container.getPorts())) {
            if (name.equals(p.getName())) {
                return p.getContainerPort();
            }
        }
        throw new IllegalArgumentException("container " + container.getName() + " has no port named " + name);
    }

    /**
     * As the kubelet's HTTPS probes: no certificate check at all, the host name included (a pod's certificate names
     * its Services, not the pod IP the probe dials). An extended trust manager: the JDK checks the name itself
     * around a plain one.
     */
    private static SSLContext trustAll() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[]{new javax.net.ssl.X509ExtendedTrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) {
                }

                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType, java.net.Socket socket) {
                }

                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType,
                                               javax.net.ssl.SSLEngine engine) {
                }

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType,
                                               javax.net.ssl.SSLEngine engine) {
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
