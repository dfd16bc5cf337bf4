package dev.muninn.kubelet;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddressBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The node side of the kubelet: registers the Node, keeps its Lease fresh (the node lifecycle controller marks a
 * node unreachable and evicts its pods when the lease goes stale) and reports status with capacity and the
 * kubelet's endpoint.
 */
final class NodeAgent {
    static final String LEASE_NAMESPACE = "kube-node-lease";
    private static final int LEASE_SECONDS = 40;

    private final KubernetesClient client;
    private final KubeletOptions options;
    private final String readySince = now();

    NodeAgent(KubernetesClient client, KubeletOptions options) {
        this.client = client;
        this.options = options;
    }

    void register() {
        Node existing = client.nodes().withName(options.nodeName()).get();
        if (existing == null) {
            Node node = new NodeBuilder()
                    .withNewMetadata()
                    .withName(options.nodeName())
                    .withLabels(Map.of("kubernetes.io/hostname", options.nodeName(), "kubernetes.io/os", "linux",
                            "kubernetes.io/arch", arch(), "beta.kubernetes.io/os", "linux",
                            "beta.kubernetes.io/arch", arch()))
                    .endMetadata()
                    .withNewSpec().endSpec()
                    .build();
            client.nodes().resource(node).create();
            Log.info("node-registered", "node", options.nodeName());
        }
        reportStatus();
    }

    void reportStatus() {
        Node node = client.nodes().withName(options.nodeName()).get();
        node.setStatus(status());
        client.nodes().resource(node).updateStatus();
    }

    void renewLease() {
        String renewTime = ZonedDateTime.now().truncatedTo(ChronoUnit.MICROS).format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        Lease lease = client.leases().inNamespace(LEASE_NAMESPACE).withName(options.nodeName()).get();
        try {
            if (lease == null) {
                Node node = client.nodes().withName(options.nodeName()).get();
                client.leases().inNamespace(LEASE_NAMESPACE).resource(new LeaseBuilder()
                        .withNewMetadata().withName(options.nodeName()).withNamespace(LEASE_NAMESPACE)
                        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1").withKind("Node")
                                .withName(node.getMetadata().getName()).withUid(node.getMetadata().getUid()).build())
                        .endMetadata()
                        .withNewSpec().withHolderIdentity(options.nodeName()).withLeaseDurationSeconds(LEASE_SECONDS)
                        .withRenewTime(ZonedDateTime.now()).endSpec()
                        .build()).create();
            } else {
                lease.getSpec().setRenewTime(ZonedDateTime.parse(renewTime));
                client.leases().inNamespace(LEASE_NAMESPACE).resource(lease).update();
            }
        } catch (KubernetesClientException e) {
            Log.warn("lease-renewal-failed", "node", options.nodeName(), "code", e.getCode(), "error", e.getMessage());
        }
    }

    private NodeStatus status() {
        String now = now();
        Map<String, Quantity> capacity = Map.of(
                "cpu", new Quantity(Integer.toString(NodeResources.cpus())),
                "memory", new Quantity(Long.toString(NodeResources.memoryBytes())),
                "ephemeral-storage", new Quantity(Long.toString(NodeResources.diskBytes(options.rootDir()))),
                "pods", new Quantity("110"));
        return new NodeStatusBuilder()
                .withCapacity(capacity)
                .withAllocatable(capacity)
                .withConditions(
                        condition("Ready", "True", "KubeletReady", "process kubelet is posting ready status", now),
                        condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "no memory pressure", now),
                        condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "no disk pressure", now),
                        condition("PIDPressure", "False", "KubeletHasSufficientPID", "no PID pressure", now))
                .withAddresses(new NodeAddressBuilder().withType("InternalIP").withAddress(options.nodeIp()).build(),
                        new NodeAddressBuilder().withType("Hostname").withAddress(options.nodeName()).build())
                .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(options.port()).endKubeletEndpoint()
                .endDaemonEndpoints()
                .withNewNodeInfo()
                .withArchitecture(arch()).withOperatingSystem("linux").withOsImage(NodeResources.osImage())
                .withKernelVersion(NodeResources.kernelVersion()).withKubeletVersion(options.kubeletVersion())
                .withKubeProxyVersion("").withContainerRuntimeVersion("process://muninn-process-kubelet")
                .withMachineID(NodeResources.machineId()).withSystemUUID(NodeResources.machineId())
                .withBootID(NodeResources.bootId())
                .endNodeInfo()
                .build();
    }

    private NodeCondition condition(String type, String status, String reason, String message, String now) {
        return new NodeConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastHeartbeatTime(now).withLastTransitionTime(readySince).build();
    }

    static String now() {
        return ZonedDateTime.now().truncatedTo(ChronoUnit.SECONDS).format(DateTimeFormatter.ISO_INSTANT);
    }

    private static String arch() {
        String arch = System.getProperty("os.arch");
        return List.of("amd64", "x86_64").contains(arch) ? "amd64" : arch.equals("aarch64") ? "arm64" : arch;
    }
}
