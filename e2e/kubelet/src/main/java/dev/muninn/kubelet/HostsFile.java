package dev.muninn.kubelet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pod host names for every process on this machine, in a marked block of /etc/hosts: a StatefulSet pod's
 * {@code <pod>.<service>.<namespace>.svc.<domain>} and its short host name resolve to its pod IP, the way cluster
 * DNS answers for pods with a hostname and subdomain. The file is rewritten in place, not replaced: it may be a
 * bind mount.
 */
final class HostsFile {
    static final String BEGIN = "# BEGIN muninn-local-k8s (written by the process kubelet; do not edit)";
    static final String END = "# END muninn-local-k8s";

    private final Path file;
    private final Map<String, String> lines = new TreeMap<>();

    HostsFile(Path file) {
        this.file = file;
    }

    synchronized void put(String podUid, String ip, List<String> names) {
        lines.put(podUid, ip + " " + String.join(" ", names));
        write();
    }

    synchronized void remove(String podUid) {
        if (lines.remove(podUid) != null) {
            write();
        }
    }

    synchronized void clear() {
        lines.clear();
        write();
    }

    private void write() {
        try {
            List<String> kept = new ArrayList<>();
            boolean inBlock = false;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith("# BEGIN muninn-local-k8s")) {
                    inBlock = true;
                } else if (line.startsWith(END)) {
                    inBlock = false;
                } else if (!inBlock) {
                    kept.add(line);
                }
            }
            if (!lines.isEmpty()) {
                kept.add(BEGIN);
                kept.addAll(lines.values());
                kept.add(END);
            }
            Files.writeString(file, String.join("\n", kept) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            Log.warn("hosts-file-not-written", "file", file, "error", e.getMessage());
        }
    }

    /** The names cluster DNS would give a pod: FQDN and short name when it has a subdomain, and its IP name. */
    static List<String> namesOf(String podName, String hostname, String subdomain, String namespace, String ip,
                                String domain) {
        List<String> names = new ArrayList<>();
        String host = hostname == null || hostname.isEmpty() ? podName : hostname;
        if (subdomain != null && !subdomain.isEmpty()) {
            names.add(host + "." + subdomain + "." + namespace + ".svc." + domain);
        }
        names.add(ip.replace('.', '-') + "." + namespace + ".pod." + domain);
        names.add(host);
        return names;
    }
}
