package dev.muninn.operator.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

import dev.muninn.operator.api.v1alpha1.Labels;
import dev.muninn.operator.api.v1alpha1.MuninnCluster;
import dev.muninn.operator.api.v1alpha1.MuninnClusterSpec;

/**
 * A MuninnCluster, validated, with every name and setting its Kubernetes objects are built from. Pure: no client,
 * no I/O (the builders {@link NodePod}, {@link NodeClaim}, {@link ClusterServices} and
 * {@link NodeDisruptionBudget} take it). The nodes are {@link #ordinals()}: 0..nodes-1 for a new cluster; after a
 * scale-down that removed the node the cluster could best lose, a set with gaps ({@link NodeOrdinals}). The highest
 * {@code watchers} of them are watchers.
 */
public final class ClusterModel {
    public static final int HTTP_PORT = 8080;
    public static final int RAFT_PORT = 38888;
    public static final String DATA_PATH = "/data";
    /** Where every node mounts the cluster's backup volume, when it has one. */
    public static final String BACKUP_VOLUME_PATH = "/backups";
    public static final String CLUSTER_DOMAIN = "cluster.local";
    /** Settings the operator sets itself from the pod's identity; a spec may not override them. */
    static final Set<String> OWNED_SETTINGS = Set.of("ServerUrl", "PublicServerUrl", "ServerUrl.Tcp",
            "PublicServerUrl.Tcp", "DataDir");

    private final String name;
    private final String namespace;
    private final int nodes;
    private final int watchers;
    private final String image;
    private final String storageSize;
    private final String storageClassName;
    private final ResourceRequirements resources;
    private final Map<String, String> settings;
    private final OwnerReference owner;
    private final Duration degradedAfter;
    private final String backupClaim;
    private final SortedSet<Integer> ordinals;
    private final boolean secured;
    private final Duration certificateValidity;
    /** Pinning hashes of the client certificates the nodes take as cluster admins (the operator's, the admin's). */
    private final List<String> wellKnownAdmins;

    private ClusterModel(ClusterModel model, SortedSet<Integer> ordinals, List<String> wellKnownAdmins) {
        this.name = model.name;
        this.namespace = model.namespace;
        this.nodes = model.nodes;
        this.watchers = model.watchers;
        this.image = model.image;
        this.storageSize = model.storageSize;
        this.storageClassName = model.storageClassName;
        this.resources = model.resources;
        this.settings = model.settings;
        this.owner = model.owner;
        this.degradedAfter = model.degradedAfter;
        this.backupClaim = model.backupClaim;
        this.ordinals = Collections.unmodifiableSortedSet(new TreeSet<>(ordinals));
        this.secured = model.secured;
        this.certificateValidity = model.certificateValidity;
        this.wellKnownAdmins = List.copyOf(wellKnownAdmins);
    }

    private ClusterModel(MuninnCluster cluster) {
        MuninnClusterSpec spec = cluster.getSpec();
        this.name = cluster.getMetadata().getName();
        this.namespace = cluster.getMetadata().getNamespace();
        this.nodes = spec.getNodes();
        this.watchers = spec.getWatchers();
        this.image = spec.getImage() == null || spec.getImage().isBlank() ? "muninn/database-node:latest"
                : spec.getImage();
        this.storageSize = spec.getStorage() == null || spec.getStorage().getSize() == null ? "1Gi"
                : spec.getStorage().getSize();
        this.storageClassName = spec.getStorage() == null ? null : spec.getStorage().getStorageClassName();
        this.resources = spec.getResources();
        this.settings = new LinkedHashMap<>(spec.getSettings() == null ? Map.of() : spec.getSettings());
        this.degradedAfter = Duration.ofSeconds(Math.max(1, spec.getDegradedAfterSeconds()));
        this.backupClaim = spec.getBackupVolume() == null ? null : spec.getBackupVolume().getClaimName();
        this.secured = spec.getTls() == null || spec.getTls().isEnabled();
        this.certificateValidity = Duration.ofDays(spec.getTls() == null ? 90 : Math.max(2,
                spec.getTls().getValidityDays()));
        this.wellKnownAdmins = List.of();
        this.owner = new OwnerReferenceBuilder().withApiVersion(cluster.getApiVersion()).withKind(cluster.getKind())
                .withName(name).withUid(cluster.getMetadata().getUid()).withController(true)
                .withBlockOwnerDeletion(true).build();
        SortedSet<Integer> first = new TreeSet<>();
        for (int ordinal = 0; ordinal < nodes; ordinal++) {
            first.add(ordinal);
        }
        this.ordinals = Collections.unmodifiableSortedSet(first);
    }

    /** The same cluster made of these node ordinals (as many as {@code spec.nodes}). */
    public ClusterModel withOrdinals(SortedSet<Integer> ordinals) {
        if (ordinals.size() != nodes) {
            throw new IllegalArgumentException("a cluster of " + nodes + " nodes cannot have ordinals " + ordinals);
        }
        return new ClusterModel(this, ordinals, wellKnownAdmins);
    }

    /** The same cluster whose nodes take these client certificates (pinning hashes) as cluster admins. */
    public ClusterModel withWellKnownAdmins(List<String> pins) {
        return new ClusterModel(this, ordinals, pins);
    }

    /** Whether the nodes serve HTTPS and require client certificates (spec.tls.enabled). */
    public boolean secured() {
        return secured;
    }

    public Duration certificateValidity() {
        return certificateValidity;
    }

    public List<String> wellKnownAdmins() {
        return wellKnownAdmins;
    }

    /** http or https, as the nodes serve. */
    public String scheme() {
        return secured ? "https" : "http";
    }

    /** The ordinals of the cluster's nodes, ascending. */
    public SortedSet<Integer> ordinals() {
        return ordinals;
    }

    /** The first node: the one that bootstraps a new cluster. */
    public int firstOrdinal() {
        return ordinals.first();
    }

    /** The node tags of {@link #ordinals()}, in their order. */
    public List<String> tags() {
        return ordinals.stream().map(NodeTags::ofOrdinal).toList();
    }

    /** Validates the spec (what the API server's schema cannot) and builds the model. */
    public static ClusterModel from(MuninnCluster cluster) {
        if (cluster.getSpec() == null) {
            throw new InvalidSpecException("spec is required");
        }
        MuninnClusterSpec spec = cluster.getSpec();
        if (spec.getNodes() < 1) {
            throw new InvalidSpecException("spec.nodes must be at least 1, got " + spec.getNodes());
        }
        if (spec.getWatchers() < 0 || spec.getWatchers() >= spec.getNodes()) {
            throw new InvalidSpecException("spec.watchers must be between 0 and spec.nodes - 1, got "
                    + spec.getWatchers());
        }
        List<String> owned = new ArrayList<>();
        if (spec.getSettings() != null) {
            spec.getSettings().keySet().stream().filter(OWNED_SETTINGS::contains).sorted().forEach(owned::add);
        }
        if (!owned.isEmpty()) {
            throw new InvalidSpecException("spec.settings may not set " + owned + ": the operator sets them from "
                    + "each pod's identity");
        }
        return new ClusterModel(cluster);
    }

    public String name() {
        return name;
    }

    public String namespace() {
        return namespace;
    }

    public int nodes() {
        return nodes;
    }

    public int watchers() {
        return watchers;
    }

    /** Voting members: the lowest {@code nodes - watchers} ordinals. */
    public int voters() {
        return nodes - watchers;
    }

    /** How many voters must stay up for the cluster to decide anything. */
    public int quorum() {
        return voters() / 2 + 1;
    }

    public boolean isWatcher(int ordinal) {
        return ordinals.headSet(ordinal).size() >= voters();
    }

    /** The claim every node mounts at {@value #BACKUP_VOLUME_PATH}; null when the cluster has none. */
    public String backupClaim() {
        return backupClaim;
    }

    /** The folder local backup destinations and restore sources are relative to, on every node of this spec. */
    public static String localBackupRoot(MuninnClusterSpec spec) {
        return spec != null && spec.getBackupVolume() != null ? BACKUP_VOLUME_PATH : BackupConfigs.LOCAL_ROOT;
    }

    public String image() {
        return image;
    }

    public String storageSize() {
        return storageSize;
    }

    public String storageClassName() {
        return storageClassName;
    }

    public ResourceRequirements resources() {
        return resources;
    }

    public Map<String, String> settings() {
        return settings;
    }

    /** How long a node may be unready before the cluster is Degraded. */
    public Duration degradedAfter() {
        return degradedAfter;
    }

    public OwnerReference owner() {
        return owner;
    }

    public String podName(int ordinal) {
        return name + "-" + ordinal;
    }

    public String claimName(int ordinal) {
        return "data-" + podName(ordinal);
    }

    public String headlessServiceName() {
        return name + "-nodes";
    }

    public String clientServiceName() {
        return name;
    }

    /** The name other nodes and in-cluster clients reach a node at (the headless Service's pod record). */
    public String nodeHost(int ordinal) {
        return podName(ordinal) + "." + headlessServiceName() + "." + namespace + ".svc." + CLUSTER_DOMAIN;
    }

    public String nodeUrl(int ordinal) {
        return scheme() + "://" + nodeHost(ordinal) + ":" + HTTP_PORT;
    }

    /** Labels every object of this cluster carries. */
    public Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.NAME, Labels.NAME_VALUE);
        labels.put(Labels.INSTANCE, name);
        labels.put(Labels.MANAGED_BY, Labels.OPERATOR);
        return labels;
    }

    /** What selects this cluster's node pods. */
    public Map<String, String> nodeSelector() {
        Map<String, String> selector = new LinkedHashMap<>();
        selector.put(Labels.NAME, Labels.NAME_VALUE);
        selector.put(Labels.INSTANCE, name);
        selector.put(Labels.COMPONENT, Labels.COMPONENT_NODE);
        return selector;
    }

    public Map<String, String> nodeLabels(int ordinal) {
        Map<String, String> labels = labels();
        labels.putAll(nodeSelector());
        labels.put(Labels.ORDINAL, Integer.toString(ordinal));
        labels.put(Labels.NODE_TAG, NodeTags.ofOrdinal(ordinal));
        return labels;
    }
}
