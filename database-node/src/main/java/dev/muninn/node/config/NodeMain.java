package dev.muninn.node.config;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point. Accepts RavenDB-style {@code --Setting=value} arguments (as in {@code --ServerUrl=http://…})
 * and turns them into system properties before Quarkus reads its configuration.
 */
@QuarkusMain
public final class NodeMain {
    private NodeMain() {
    }

    public static void main(String... args) {
        // Peers are reached by name, and a node that restarts elsewhere (a Kubernetes pod) comes back at a new
        // address: the JVM's default of caching a name for 30 s would keep Raft and replication knocking at the old
        // one for that long. Set before anything resolves a name.
        java.security.Security.setProperty("networkaddress.cache.ttl", "5");
        java.security.Security.setProperty("networkaddress.cache.negative.ttl", "1");
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                System.err.println("Ignoring argument '" + arg + "': expected --Setting=value");
                continue;
            }
            int eq = arg.indexOf('=');
            System.setProperty(arg.substring(2, eq), arg.substring(eq + 1));
        }
        Quarkus.run(args);
    }
}
