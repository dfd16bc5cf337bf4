package dev.muninn.node.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The node's settings, under RavenDB's names. Each can be given as {@code --Name=value} on the command
 * line, as {@code MUNINN_Name} in the environment (dots written as underscores) or in application.properties.
 * docs/SETTINGS.md lists them with defaults and units.
 */
@ApplicationScoped
public class NodeSettings {
    public static final String SERVER_URL = "ServerUrl";

    @ConfigProperty(name = SERVER_URL, defaultValue = "http://127.0.0.1:8080")
    String serverUrl;

    @ConfigProperty(name = "PublicServerUrl")
    Optional<String> publicServerUrl;

    @ConfigProperty(name = "DataDir", defaultValue = "data")
    String dataDir;

    @ConfigProperty(name = "Limits.MaxDocumentSizeInMb", defaultValue = "32")
    int maxDocumentSizeInMb;

    /** Bytes one patch or conflict script may allocate; 0 derives it from the heap (ADR 0033). */
    @ConfigProperty(name = "Patching.MaxAllocationPerScriptInMb", defaultValue = "0")
    long maxAllocationPerScriptInMb;

    /** Held in memory while written, and sent in one request body: no larger than Limits.MaxRequestBodySizeInMb. */
    @ConfigProperty(name = "Limits.MaxAttachmentSizeInMb", defaultValue = "64")
    int maxAttachmentSizeInMb;

    @ConfigProperty(name = "Replication.MaxItemsPerBatch", defaultValue = "512")
    int replicationBatchItems;

    @ConfigProperty(name = "TransactionMerger.MaxCommandsPerTransaction", defaultValue = "1024")
    int maxCommandsPerTransaction;

    @ConfigProperty(name = "Storage.DurableWrites", defaultValue = "true")
    boolean durableWrites;

    /** Raft (and later replication) listen here: {@code host:port} or {@code tcp://host:port}. */
    @ConfigProperty(name = "ServerUrl.Tcp")
    Optional<String> tcpUrl;

    /** The Raft address other nodes are told to use (behind a proxy or NAT); defaults to ServerUrl.Tcp. */
    @ConfigProperty(name = "PublicServerUrl.Tcp")
    Optional<String> publicTcpUrl;

    @ConfigProperty(name = "Cluster.OperationTimeoutInSec", defaultValue = "10")
    int clusterOperationTimeoutSeconds;

    @ConfigProperty(name = "Cluster.SupervisorSamplePeriodInMs", defaultValue = "500")
    int supervisorSamplePeriodMs;

    @ConfigProperty(name = "Cluster.TimeBeforeMovingToRehabInSec", defaultValue = "60")
    int timeBeforeMovingToRehabSeconds;

    @ConfigProperty(name = "Cluster.TimeBeforeAddingReplicaInSec", defaultValue = "900")
    int timeBeforeAddingReplicaSeconds;

    @ConfigProperty(name = "Cluster.StabilizationTimeInSec", defaultValue = "30")
    int stabilizationSeconds;

    @ConfigProperty(name = dev.muninn.node.security.UnsecuredAccess.SETTING, defaultValue = "Local")
    String unsecuredAccessAllowed;

    @ConfigProperty(name = dev.muninn.node.security.CertificateFiles.PATH)
    Optional<String> certificatePath;

    @ConfigProperty(name = dev.muninn.node.security.CertificateFiles.PASSWORD)
    Optional<String> certificatePassword;

    @ConfigProperty(name = dev.muninn.node.security.CertificateFiles.KEY_PATH)
    Optional<String> certificateKeyPath;

    @ConfigProperty(name = dev.muninn.node.security.CertificateFiles.CA_PATH)
    Optional<String> certificateCaPath;

    @ConfigProperty(name = "Security.Certificate.ReloadIntervalInSec", defaultValue = "5")
    int certificateReloadIntervalSeconds;

    /** Thumbprints (or public key pinning hashes) of client certificates that are cluster admins by setting. */
    @ConfigProperty(name = "Security.WellKnownCertificates.Admin")
    Optional<java.util.List<String>> wellKnownAdminCertificates;

    /** The file of the master key that wraps the databases' encryption keys on this node. */
    @ConfigProperty(name = "Security.MasterKey.Path")
    Optional<String> masterKeyPath;

    /** {@code Security.MasterKey.Path}, else {@code <DataDir>/master.key} (made on first use). */
    public Path masterKeyPath() {
        return masterKeyPath.filter(p -> !p.isBlank()).map(p -> Path.of(p.trim())).orElseGet(() -> dataDir()
                .resolve("master.key"));
    }

    public boolean masterKeyConfigured() {
        return masterKeyPath.filter(p -> !p.isBlank()).isPresent();
    }

    /** The node's certificate files, when it has one (then ServerUrl must be https). */
    public Optional<dev.muninn.node.security.CertificateFiles> certificateFiles() {
        return certificatePath.filter(p -> !p.isBlank()).map(p -> new dev.muninn.node.security.CertificateFiles(
                Path.of(p.trim()), certificatePassword, certificateKeyPath.filter(k -> !k.isBlank()).map(Path::of),
                certificateCaPath.filter(c -> !c.isBlank()).map(Path::of)));
    }

    public java.time.Duration certificateReloadInterval() {
        return java.time.Duration.ofSeconds(Math.max(1, certificateReloadIntervalSeconds));
    }

    public java.util.Set<String> wellKnownAdminCertificates() {
        return wellKnownAdminCertificates.map(list -> list.stream().map(String::trim).filter(t -> !t.isEmpty())
                .collect(java.util.stream.Collectors.toUnmodifiableSet())).orElse(java.util.Set.of());
    }

    /** Whether clients reach this node over HTTPS (and must then present a certificate). */
    public boolean secured() {
        return "https".equalsIgnoreCase(serverUri().getScheme());
    }

    /** Who may use this node while it has no certificate (every node, until TLS comes). */
    public dev.muninn.node.security.UnsecuredAccess unsecuredAccess() {
        return dev.muninn.node.security.UnsecuredAccess.parse(unsecuredAccessAllowed);
    }

    /** The address the HTTP server binds to: ServerUrl's host when it is an IP literal, else all interfaces. */
    public String httpBindHost() {
        return ServerUrlConfigInterceptor.bindHost(serverUri());
    }

    /** The Raft address, {@code host:port}; defaults to ServerUrl's host and port 38888. */
    public String raftAddress() {
        String configured = tcpUrl.filter(s -> !s.isBlank()).orElse(null);
        if (configured == null) {
            String host = serverUri().getHost();
            return (host == null ? "127.0.0.1" : host) + ":38888";
        }
        return stripTcpScheme(configured);
    }

    /** The Raft address advertised to other nodes: PublicServerUrl.Tcp when set, else {@link #raftAddress()}. */
    public String publicRaftAddress() {
        return publicTcpUrl.filter(s -> !s.isBlank()).map(NodeSettings::stripTcpScheme).orElseGet(this::raftAddress);
    }

    private static String stripTcpScheme(String address) {
        String trimmed = address.trim();
        return trimmed.startsWith("tcp://") ? trimmed.substring("tcp://".length()) : trimmed;
    }

    public java.time.Duration clusterOperationTimeout() {
        return java.time.Duration.ofSeconds(Math.max(1, clusterOperationTimeoutSeconds));
    }

    /** The URL clients are told to use: PublicServerUrl when set, else ServerUrl, without a trailing slash. */
    public String publicUrl() {
        String url = publicServerUrl.filter(s -> !s.isBlank()).orElse(serverUrl).trim();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public URI serverUri() {
        return URI.create(serverUrl.trim());
    }

    public Path dataDir() {
        return Path.of(dataDir).toAbsolutePath().normalize();
    }

    public long maxDocumentSizeBytes() {
        return maxDocumentSizeInMb * 1024L * 1024L;
    }

    public dev.muninn.node.script.ScriptLimits scriptLimits() {
        return dev.muninn.node.script.ScriptLimits.DEFAULT.withOutputForDocumentsUpTo(maxDocumentSizeBytes())
                .withMaxAllocatedMegabytes(maxAllocationPerScriptInMb);
    }

    public long maxAttachmentSizeBytes() {
        return maxAttachmentSizeInMb * 1024L * 1024L;
    }

    public int replicationBatchItems() {
        return Math.max(1, replicationBatchItems);
    }

    public int maxCommandsPerTransaction() {
        return maxCommandsPerTransaction;
    }

    public boolean durableWrites() {
        return durableWrites;
    }

    public dev.muninn.node.supervisor.SupervisorSettings supervisor() {
        return new dev.muninn.node.supervisor.SupervisorSettings(
                java.time.Duration.ofMillis(Math.max(50, supervisorSamplePeriodMs)),
                java.time.Duration.ofSeconds(Math.max(1, timeBeforeMovingToRehabSeconds)),
                java.time.Duration.ofSeconds(Math.max(0, timeBeforeAddingReplicaSeconds)),
                java.time.Duration.ofSeconds(Math.max(0, stabilizationSeconds)));
    }
}
