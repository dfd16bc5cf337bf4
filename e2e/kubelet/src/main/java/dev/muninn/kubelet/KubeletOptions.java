package dev.muninn.kubelet;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Command-line settings of the process kubelet; k8s.sh passes all of them. */
record KubeletOptions(
        Path kubeconfig,
        Path provisionerKubeconfig,
        String nodeName,
        String nodeIp,
        String podCidr,
        int apiPort,
        Path caFile,
        Path tlsCertFile,
        Path tlsKeyFile,
        Path rootDir,
        Path imagesFile,
        Path repoRoot,
        String clusterDomain,
        Path hostsFile,
        String kubeletVersion,
        int port) {

    static KubeletOptions parse(String[] args) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument: " + arg);
            }
            int eq = arg.indexOf('=');
            if (eq > 0) {
                values.put(arg.substring(2, eq), arg.substring(eq + 1));
            } else if (i + 1 < args.length) {
                values.put(arg.substring(2), args[++i]);
            } else {
                throw new IllegalArgumentException(arg + " needs a value");
            }
        }
        return new KubeletOptions(
                path(values, "kubeconfig", null),
                path(values, "provisioner-kubeconfig", null),
                values.getOrDefault("node-name", "muninn-local"),
                required(values, "node-ip"),
                required(values, "pod-cidr"),
                Integer.parseInt(values.getOrDefault("api-port", "6443")),
                path(values, "ca-file", null),
                path(values, "tls-cert-file", null),
                path(values, "tls-key-file", null),
                path(values, "root-dir", null),
                path(values, "images", null),
                path(values, "repo-root", "."),
                values.getOrDefault("cluster-domain", "cluster.local"),
                path(values, "hosts-file", "/etc/hosts"),
                values.getOrDefault("kubelet-version", "v1.34.4"),
                Integer.parseInt(values.getOrDefault("port", "10250")));
    }

    private static String required(Map<String, String> values, String name) {
        String value = values.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    private static Path path(Map<String, String> values, String name, String fallback) {
        String value = values.getOrDefault(name, fallback);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return Path.of(value);
    }
}
