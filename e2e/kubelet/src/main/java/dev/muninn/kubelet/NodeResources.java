package dev.muninn.kubelet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** What this machine has, read from /proc and /etc, for the Node's capacity and system info. */
final class NodeResources {
    private NodeResources() {
    }

    static int cpus() {
        return Runtime.getRuntime().availableProcessors();
    }

    static long memoryBytes() {
        return procLine("/proc/meminfo", "MemTotal:")
                .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024)
                .orElse(Runtime.getRuntime().maxMemory());
    }

    static long diskBytes(Path dir) {
        try {
            return Files.getFileStore(dir).getTotalSpace();
        } catch (IOException e) {
            return 0;
        }
    }

    static String osImage() {
        return procLine("/etc/os-release", "PRETTY_NAME=").map(l -> l.substring(12).replace("\"", "")).orElse("Linux");
    }

    static String kernelVersion() {
        return read("/proc/sys/kernel/osrelease").orElse(System.getProperty("os.version"));
    }

    static String machineId() {
        return read("/etc/machine-id").orElse("unknown");
    }

    static String bootId() {
        return read("/proc/sys/kernel/random/boot_id").orElse("unknown");
    }

    private static Optional<String> read(String file) {
        try {
            return Optional.of(Files.readString(Path.of(file)).strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> procLine(String file, String prefix) {
        return read(file).flatMap(text -> text.lines().filter(l -> l.startsWith(prefix)).findFirst());
    }
}
