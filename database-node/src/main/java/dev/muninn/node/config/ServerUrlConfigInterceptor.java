package dev.muninn.node.config;

import java.net.URI;

import io.smallrye.config.ConfigSourceInterceptor;
import io.smallrye.config.ConfigSourceInterceptorContext;
import io.smallrye.config.ConfigValue;

/**
 * Lets {@code ServerUrl} (the RavenDB setting users know) decide where the HTTP server binds, so nobody
 * has to set {@code quarkus.http.host}/{@code quarkus.http.port} as well. An explicit Quarkus value wins.
 */
public final class ServerUrlConfigInterceptor implements ConfigSourceInterceptor {
    private static final long serialVersionUID = 1L;

    @Override
    public ConfigValue getValue(ConfigSourceInterceptorContext context, String name) {
        ConfigValue value = context.proceed(name);
        boolean host = "quarkus.http.host".equals(name);
        boolean port = "quarkus.http.port".equals(name) || "quarkus.http.ssl-port".equals(name);
        if ("quarkus.http.insecure-requests".equals(name)) {
            return secured(context) && (value == null || value.getConfigSourceOrdinal() <= 250)
                    ? (value != null ? value : context.proceed(NodeSettings.SERVER_URL)).withName(name)
                            .withValue("disabled")
                    : value; // an https ServerUrl serves HTTPS only
        }
        if (!host && !port) {
            return value;
        }
        if (value != null && value.getConfigSourceOrdinal() > 250) {
            return value; // set explicitly by system property or environment
        }
        ConfigValue serverUrl = context.proceed(NodeSettings.SERVER_URL);
        if (serverUrl == null || serverUrl.getValue() == null || serverUrl.getValue().isBlank()) {
            return value;
        }
        URI uri = URI.create(serverUrl.getValue().trim());
        String derived = host ? bindHost(uri) : String.valueOf(uri.getPort() > 0 ? uri.getPort() : 8080);
        ConfigValue base = value != null ? value : serverUrl;
        return base.withName(name).withValue(derived);
    }

    private static boolean secured(ConfigSourceInterceptorContext context) {
        ConfigValue serverUrl = context.proceed(NodeSettings.SERVER_URL);
        return serverUrl != null && serverUrl.getValue() != null
                && serverUrl.getValue().trim().toLowerCase(java.util.Locale.ROOT).startsWith("https:");
    }

    static String bindHost(URI uri) {
        String host = uri.getHost();
        // A public DNS name cannot be bound to; listen everywhere and advertise the name.
        return host == null || !isIpLiteral(host) ? "0.0.0.0" : host;
    }

    private static boolean isIpLiteral(String host) {
        return host.chars().allMatch(c -> Character.isDigit(c) || c == '.') || host.contains(":");
    }
}
