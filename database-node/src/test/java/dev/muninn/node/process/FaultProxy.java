package dev.muninn.node.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * A TCP forwarding proxy on 127.0.0.1 for fault injection: every connection accepted on the listen port is
 * forwarded to the target. {@link #cut()} resets every open connection and every new one (RST) until
 * {@link #heal()}; the listening socket stays bound, so the port is never lost to another process. Two daemon
 * pump threads per connection.
 * <p>
 * A proxy sits in front of one destination, so cutting it only stops traffic <em>to</em> that destination. To stop
 * what one process sends to the destination while others still get through, {@link #cutFrom} recognises the
 * connecting process by its socket (Linux /proc: the connection's inode among the process's open files).
 */
final class FaultProxy implements AutoCloseable {
    private final int listenPort;
    private final String targetHost;
    private final int targetPort;
    private final ServerSocket server;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;
    private volatile LongSupplier blockedSource;
    private volatile boolean closed;

    /** One forwarded connection: the accepted socket and the one to the target. */
    private record Connection(Socket client, Socket upstream) {
    }

    FaultProxy(int listenPort, String targetHost, int targetPort) throws IOException {
        this.listenPort = listenPort;
        this.targetHost = targetHost;
        this.targetPort = targetPort;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), listenPort), 128);
        Thread acceptor = new Thread(this::acceptLoop, "proxy-" + listenPort + "-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** From {@code 127.0.0.1:listenPort} to {@code 127.0.0.1:targetPort}. */
    static FaultProxy to(int listenPort, int targetPort) throws IOException {
        return new FaultProxy(listenPort, "127.0.0.1", targetPort);
    }

    int port() {
        return listenPort;
    }

    /** Resets every open connection; new ones are reset as soon as they are accepted, until {@link #heal()}. */
    void cut() {
        cut = true;
        for (Connection connection : open) {
            reset(connection);
        }
    }

    /**
     * Resets the connections the process {@code pid} made to this proxy, and its new ones, until {@link #heal()};
     * everyone else still gets through. A supplier, so a restarted process (new pid) stays cut.
     */
    void cutFrom(LongSupplier pid) {
        blockedSource = pid;
        for (Connection connection : open) {
            if (isFromBlockedSource(connection.client())) {
                reset(connection);
            }
        }
    }

    void heal() {
        blockedSource = null;
        cut = false;
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            if (cut) {
                reset(client);
                continue;
            }
            Thread connector = new Thread(() -> connect(client), "proxy-" + listenPort + "-connect");
            connector.setDaemon(true);
            connector.start();
        }
    }

    private void connect(Socket client) {
        if (isFromBlockedSource(client)) {
            reset(client);
            return;
        }
        Socket upstream = new Socket();
        try {
            upstream.connect(new InetSocketAddress(targetHost, targetPort), 2_000);
        } catch (IOException targetDown) {
            reset(client); // the target refused: so does the proxy
            closeQuietly(upstream);
            return;
        }
        Connection connection = new Connection(client, upstream);
        open.add(connection);
        // cut() or cutFrom() may have run while this connection was being made
        if (cut || closed || isFromBlockedSource(client)) {
            reset(connection);
            return;
        }
        AtomicInteger directionsOpen = new AtomicInteger(2);
        pump(connection, client, upstream, "up", directionsOpen);
        pump(connection, upstream, client, "down", directionsOpen);
    }

    /** Copies one direction; an orderly end (FIN) is passed on, anything else (or a cut) resets both sockets. */
    private void pump(Connection connection, Socket from, Socket to, String direction, AtomicInteger directionsOpen) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16 * 1024];
            try {
                InputStream in = from.getInputStream(); // not closed here: that would close the whole socket
                OutputStream out = to.getOutputStream();
                int read;
                while ((read = in.read(buffer)) >= 0 && open.contains(connection)) {
                    out.write(buffer, 0, read);
                    out.flush();
                }
                if (open.contains(connection)) {
                    to.shutdownOutput();
                    if (directionsOpen.decrementAndGet() == 0 && open.remove(connection)) { // both ended in order
                        closeQuietly(from);
                        closeQuietly(to);
                    }
                    return;
                }
            } catch (IOException broken) {
                // reset below
            }
            reset(connection);
        }, "proxy-" + listenPort + "-" + direction);
        thread.setDaemon(true);
        thread.start();
    }

    private boolean isFromBlockedSource(Socket client) {
        LongSupplier source = blockedSource;
        if (source == null) {
            return false;
        }
        try {
            return ownedBy(source.getAsLong(), client.getPort(), listenPort);
        } catch (java.nio.file.NoSuchFileException processGone) {
            return false; // the blocked process is not running: the connection is someone else's
        } catch (IOException | RuntimeException e) {
            System.err.println("FaultProxy " + listenPort + ": cannot tell who connected: " + e);
            return false;
        }
    }

    /** Whether process {@code pid} holds the socket connected from local port {@code port} to {@code remotePort}. */
    static boolean ownedBy(long pid, int port, int remotePort) throws IOException {
        String inode = null;
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            if (inode == null && Files.exists(Path.of(table))) {
                inode = inodeOf(Files.readAllLines(Path.of(table)), port, remotePort);
            }
        }
        if (inode == null) {
            return false;
        }
        String wanted = "socket:[" + inode + "]";
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    if (Files.readSymbolicLink(fd).toString().equals(wanted)) {
                        return true;
                    }
                } catch (IOException closedMeanwhile) {
                    // the descriptor went away while listing
                }
            }
        }
        return false;
    }

    private static String inodeOf(List<String> rows, int port, int remotePort) {
        String local = ":" + String.format(Locale.ROOT, "%04X", port);
        String remote = ":" + String.format(Locale.ROOT, "%04X", remotePort);
        for (String row : rows.subList(Math.min(1, rows.size()), rows.size())) {
            String[] columns = row.trim().split("\\s+");
            if (columns.length > 9 && columns[1].endsWith(local) && columns[2].endsWith(remote)
                    && !columns[9].equals("0")) { // 0: a socket in TIME_WAIT, owned by no one
                return columns[9];
            }
        }
        return null;
    }

    private void reset(Connection connection) {
        open.remove(connection);
        reset(connection.client());
        reset(connection.upstream());
    }

    /** Closes with SO_LINGER 0: the peer gets a RST, not an orderly FIN. */
    private static void reset(Socket socket) {
        try {
            if (!socket.isClosed()) {
                socket.setSoLinger(true, 0);
            }
        } catch (SocketException ignored) {
            // closing anyway
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    @Override
    public void close() {
        closed = true;
        cut();
        try {
            server.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
