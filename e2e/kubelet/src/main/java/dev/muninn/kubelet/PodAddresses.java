package dev.muninn.kubelet;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Pod IPs: one address per pod on the loopback interface, from the pod CIDR. Processes bind their pod IP (the
 * downward API's status.podIP), so pods that all listen on 8080 do not collide, and anything on this machine
 * reaches them directly, as pods reach each other in a cluster. Addresses outside 127.0.0.0/8 are added to
 * {@code lo} with {@code ip addr} (they must be: the API server rejects loopback addresses in Endpoints).
 */
final class PodAddresses {
    private final int[] base;
    private final int prefixLength;
    private final String nodeIp;
    private final boolean needsInterfaceAddress;
    private final Set<String> inUse = new HashSet<>();
    private int next = 2;

    PodAddresses(String cidr, String nodeIp) {
        String[] parts = cidr.split("/");
        this.base = octets(parts[0]);
        this.prefixLength = Integer.parseInt(parts[1]);
        if (prefixLength < 8 || prefixLength > 24) {
            throw new IllegalArgumentException("pod CIDR must be /8 to /24, got " + cidr);
        }
        this.nodeIp = nodeIp;
        this.needsInterfaceAddress = base[0] != 127;
    }

    /** Removes addresses a previous kubelet left on lo (its pods are gone with it), keeping the node's. */
    void releaseLeftovers() throws IOException, InterruptedException {
        if (!needsInterfaceAddress) {
            return;
        }
        for (String address : loopbackAddresses()) {
            if (!address.equals(nodeIp) && contains(address)) {
                run("ip", "addr", "del", address + "/32", "dev", "lo");
            }
        }
    }

    synchronized String allocate() throws IOException, InterruptedException {
        long size = 1L << (32 - prefixLength);
        for (long tried = 0; tried < size; tried++) {
            String candidate = addressAt(next);
            next = (int) ((next + 1) % size);
            if (next < 2) {
                next = 2;
            }
            if (candidate.equals(nodeIp) || inUse.contains(candidate) || candidate.endsWith(".255")
                    || candidate.endsWith(".0")) {
                continue;
            }
            if (needsInterfaceAddress) {
                run("ip", "addr", "add", candidate + "/32", "dev", "lo");
            }
            inUse.add(candidate);
            return candidate;
        }
        throw new IOException("no free pod IP left in the pod CIDR");
    }

    synchronized void release(String address) {
        if (address == null || !inUse.remove(address)) {
            return;
        }
        if (needsInterfaceAddress) {
            try {
                run("ip", "addr", "del", address + "/32", "dev", "lo");
            } catch (IOException | InterruptedException e) {
                Log.warn("pod-ip-release-failed", "ip", address, "error", e.getMessage());
            }
        }
    }

    boolean contains(String address) {
        int[] a = octets(address);
        long mask = prefixLength == 0 ? 0 : 0xFFFFFFFFL << (32 - prefixLength) & 0xFFFFFFFFL;
        return (toLong(a) & mask) == (toLong(base) & mask);
    }

    private String addressAt(long offset) {
        long value = (toLong(base) & (0xFFFFFFFFL << (32 - prefixLength) & 0xFFFFFFFFL)) + offset;
        return ((value >> 24) & 255) + "." + ((value >> 16) & 255) + "." + ((value >> 8) & 255) + "." + (value & 255);
    }

    private static long toLong(int[] o) {
        return ((long) o[0] << 24) | ((long) o[1] << 16) | ((long) o[2] << 8) | o[3];
    }

    private static int[] octets(String ip) {
        String[] parts = ip.split("\\.");
        if (parts.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + ip);
        }
        int[] o = new int[4];
        for (int i = 0; i < 4; i++) {
            o[i] = Integer.parseInt(parts[i]);
        }
        return o;
    }

    private static List<String> loopbackAddresses() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ip", "-o", "-4", "addr", "show", "dev", "lo").redirectErrorStream(true).start();
        List<String> addresses = new ArrayList<>();
        for (String line : new String(p.getInputStream().readAllBytes()).split("\n")) {
            String[] words = line.trim().split("\\s+");
            for (int i = 0; i + 1 < words.length; i++) {
                if (words[i].equals("inet")) {
                    addresses.add(words[i + 1].split("/")[0]);
                }
            }
        }
        p.waitFor();
        return addresses;
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes()).trim();
        if (p.waitFor() != 0 && !output.contains("File exists")) {
            throw new IOException(String.join(" ", command) + ": " + output);
        }
    }
}
