package dev.muninn.operator.reconcile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

import dev.muninn.nodeclient.NodeAdminClient;
import dev.muninn.operator.api.v1alpha1.Labels;
import dev.muninn.operator.api.v1alpha1.MuninnCluster;
import dev.muninn.operator.api.v1alpha1.MuninnClusterStatus;
import dev.muninn.operator.model.ClusterModel;
import dev.muninn.operator.model.ClusterServices;
import dev.muninn.operator.model.InvalidSpecException;
import dev.muninn.operator.model.NodeClaim;
import dev.muninn.operator.model.NodeDisruptionBudget;
import dev.muninn.operator.model.NodeOrdinals;
import dev.muninn.operator.model.NodePod;
import dev.muninn.operator.model.NodeTags;
import dev.muninn.operator.model.ScaleDownPlan;

/**
 * Reconciles a MuninnCluster, in named steps: validate the spec into the model; apply the Services and the
 * disruption budget; create missing claims and pods (a deleted pod comes back with its claim); bootstrap and grow
 * the Raft cluster through the nodes' admin API; write the status. Runs again on every change of the cluster or its
 * pods and claims, and every few seconds while it is not Ready. Scale-down follows {@link ScaleDownPlan}: database
 * instances move off a leaving node, it leaves Raft, and only then its pod and claim go.
 */
@ControllerConfiguration(name = "muninncluster")
public class MuninnClusterReconciler implements Reconciler<MuninnCluster> {
    private static final Logger LOG = Logger.getLogger(MuninnClusterReconciler.class);
    private static final Duration NOT_READY_RECHECK = Duration.ofSeconds(3);
    private static final Duration READY_RECHECK = Duration.ofSeconds(30);

    private final KubernetesClient client;
    private final ClusterMembership membership;
    private final EventRecorder events;
    private final ClusterScaleDown scaleDown;
    private final ClusterRollingUpdate rollingUpdate;
    /** The last Degraded reason per cluster: an event when it changes, not on every reconcile. */
    private final ClusterTls tls;
    private final Map<String, String> lastDegraded = new ConcurrentHashMap<>();

    public MuninnClusterReconciler(KubernetesClient client, NodeAdminClient admin,
                                   dev.muninn.operator.tls.OperatorCredentials credentials) {
        this.client = client;
        this.tls = new ClusterTls(client, credentials, java.time.Clock.systemUTC());
        this.membership = new ClusterMembership(admin);
        this.events = new EventRecorder(client);
        this.scaleDown = new ClusterScaleDown(client, admin);
        this.rollingUpdate = new ClusterRollingUpdate(client, admin);
    }

    @Override
    public List<EventSource<?, MuninnCluster>> prepareEventSources(EventSourceContext<MuninnCluster> context) {
        return List.of(
                new InformerEventSource<>(InformerEventSourceConfiguration.from(Pod.class, MuninnCluster.class)
                        .withLabelSelector(Labels.MANAGED_BY + "=" + Labels.OPERATOR).build(), context),
                new InformerEventSource<>(InformerEventSourceConfiguration.from(PersistentVolumeClaim.class,
                        MuninnCluster.class).withLabelSelector(Labels.MANAGED_BY + "=" + Labels.OPERATOR).build(),
                        context));
    }

    @Override
    public UpdateControl<MuninnCluster> reconcile(MuninnCluster cluster, Context<MuninnCluster> context) {
        MuninnClusterStatus status = cluster.getStatus() == null ? new MuninnClusterStatus() : cluster.getStatus();
        cluster.setStatus(status);
        long generation = cluster.getMetadata().getGeneration() == null ? 0 : cluster.getMetadata().getGeneration();
        ClusterModel specModel;
        try {
            specModel = ClusterModel.from(cluster);
        } catch (InvalidSpecException e) {
            events.warning(cluster, "InvalidSpec", e.getMessage());
            status.setPhase("Invalid");
            status.setConditions(Conditions.set(status.getConditions(), "Ready", false, "InvalidSpec", e.getMessage(),
                    generation));
            return UpdateControl.patchStatus(cluster);
        }
        apply(ClusterServices.headless(specModel));
        apply(ClusterServices.client(specModel));
        apply(NodeDisruptionBudget.build(specModel));
        Map<Integer, Pod> present = presentPods(specModel);
        Map<Integer, PersistentVolumeClaim> claims = presentClaims(specModel);
        Set<Integer> presentOrdinals = knownOrdinals(status, present, claims);
        ClusterModel model = specModel.withOrdinals(NodeOrdinals.staying(specModel.nodes(), presentOrdinals,
                leaving(cluster, specModel, present, presentOrdinals)));
        if (model.secured()) {
            model = tls.ensure(model, cluster, events);
        }
        Map<Integer, Pod> pods = new HashMap<>();
        for (int ordinal : model.ordinals()) {
            if (!claims.containsKey(ordinal)) { // a terminating claim is left to go first, as a terminating pod
                client.resource(NodeClaim.build(model, ordinal)).create();
            }
            Pod pod = present.get(ordinal);
            if (pod == null) { // a terminating pod is left to go: its successor comes on a later reconcile
                pod = client.resource(NodePod.build(model, ordinal)).create();
                events.normal(cluster, "PodCreated", "Created pod " + pod.getMetadata().getName());
            }
            pods.put(ordinal, pod);
        }

        boolean rotatingCa = model.secured() && tls.advanceRotation(model, pods, cluster, events);
        ClusterMembership.Outcome outcome = membership.reconcile(model, pods);
        outcome.actions().forEach(action -> events.normal(cluster, "MembershipChanged", action));
        if (outcome.problem() != null) {
            events.warning(cluster, "MembershipProblem", outcome.problem());
        }
        ClusterScaleDown.Outcome scaling = null;
        if (ScaleDownPlan.needed(model, presentOrdinals)) {
            try {
                scaling = scaleDown.reconcile(cluster, model, present, presentOrdinals, outcome.anchor());
                if (scaling.refused()) {
                    events.warning(cluster, "ScaleDownRefused", scaling.description());
                } else if (!scaling.waiting()) {
                    events.normal(cluster, "ScalingDown", scaling.description());
                }
            } catch (RuntimeException e) {
                scaling = new ClusterScaleDown.Outcome(null, "Scale-down step failed: " + e.getMessage(), false, true);
                events.warning(cluster, "ScaleDownFailed", scaling.description());
            }
            if (scaling.step() instanceof ScaleDownPlan.DeleteNodeObjects deleted && status.getLeavingNodes() != null) {
                List<String> still = new ArrayList<>(status.getLeavingNodes());
                still.remove(NodeTags.ofOrdinal(deleted.ordinal()));
                status.setLeavingNodes(still);
            }
        } else {
            status.setScaleDownFactors(null);
            status.setLeavingNodes(null);
        }
        ClusterRollingUpdate.Outcome rolling = null;
        if (scaling == null && outcome.problem() == null) {
            try {
                rolling = rollingUpdate.reconcile(model, present, outcome.leader(), outcome.anchor());
                if (rolling != null && rolling.replaced()) {
                    events.normal(cluster, "RollingUpdate", rolling.description());
                }
            } catch (RuntimeException e) {
                rolling = new ClusterRollingUpdate.Outcome("Rolling update step failed: " + e.getMessage(), false);
                events.warning(cluster, "RollingUpdateFailed", rolling.description());
            }
        }

        boolean ready = outcome.allReady(model.nodes()) && scaling == null && rolling == null;
        status.setNodes(outcome.nodes());
        status.setLeader(outcome.leader());
        status.setObservedGeneration(generation);
        status.setPhase(ready ? "Ready" : scaling != null ? "ScalingDown" : rolling != null ? "Updating"
                : "Progressing");
        long readyNodes = outcome.nodes().stream().filter(n -> n.isReady()).count();
        status.setReadyNodes((int) readyNodes);
        status.setConditions(Conditions.set(status.getConditions(), "Ready", ready, ready ? "AllNodesReady"
                : rolling != null && readyNodes == model.nodes() ? "RollingUpdate"
                : outcome.rolesPending() && readyNodes == model.nodes() ? "ChangingRoles" : "NodesNotReady",
                readyNodes + " of " + model.nodes() + " nodes ready and in the cluster", generation));
        String progress = scaling != null ? scaling.description() : outcome.problem() != null ? outcome.problem()
                : rolling != null ? rolling.description()
                : outcome.rolesPending() ? "Changing node roles to spec.watchers " + model.watchers() + " (one at a "
                        + "time, each node once it has been ready " + ClusterMembership.ROLE_CHANGE_AFTER_READY
                        .toSeconds() + " s)"
                : readyNodes + " of " + model.nodes() + " nodes ready";
        status.setConditions(Conditions.set(status.getConditions(), "Progressing", !ready, ready ? "Reconciled"
                : scaling != null ? "ScalingDown" : rolling != null ? "RollingUpdate" : "WaitingForNodes", progress,
                generation));
        String degraded = degradedReason(model, pods, scaling);
        status.setConditions(Conditions.set(status.getConditions(), "Degraded", degraded != null,
                degraded == null ? "Healthy" : scaling != null && scaling.refused() ? "ScaleDownRefused" : "NodeUnready",
                degraded == null ? "Every node is ready" : degraded, generation));
        if (degraded != null && !degraded.equals(lastDegraded.put(model.namespace() + "/" + model.name(), degraded))) {
            events.warning(cluster, "Degraded", degraded);
        }
        LOG.debugf("namespace=%s name=%s event=reconciled ready=%s nodes=%d", model.namespace(), model.name(), ready,
                readyNodes);
        // A CA rotation moves on when every node serves its new certificate, which no event announces: look often.
        return UpdateControl.patchStatus(cluster).rescheduleAfter(ready && !rotatingCa ? READY_RECHECK
                : NOT_READY_RECHECK);
    }

    /**
     * An error that escaped the steps (an API call refused, a node answering nonsense): reported in the status, and
     * after the SDK's retries tried again every {@code NOT_READY_RECHECK} — a cluster is never given up on.
     */
    @Override
    public ErrorStatusUpdateControl<MuninnCluster> updateErrorStatus(MuninnCluster cluster,
                                                                     Context<MuninnCluster> context, Exception e) {
        MuninnClusterStatus status = cluster.getStatus() == null ? new MuninnClusterStatus() : cluster.getStatus();
        cluster.setStatus(status);
        long generation = cluster.getMetadata().getGeneration() == null ? 0 : cluster.getMetadata().getGeneration();
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        status.setConditions(Conditions.set(status.getConditions(), "Ready", false, "ReconcileFailed", message,
                generation));
        if (context.getRetryInfo().map(io.javaoperatorsdk.operator.api.reconciler.RetryInfo::isLastAttempt)
                .orElse(true)) {
            events.warning(cluster, "ReconcileFailed", message + " (trying again every "
                    + NOT_READY_RECHECK.toSeconds() + " s)");
        }
        return ErrorStatusUpdateControl.patchStatus(cluster).rescheduleAfter(NOT_READY_RECHECK);
    }

    /**
     * The ordinals this cluster has: a pod that is not terminating, a claim that is not terminating, a node of the
     * last reconcile's status (its pod and claim may both be gone: it comes back under the same ordinal), or a node
     * chosen to leave that has not left yet.
     */
    private static Set<Integer> knownOrdinals(MuninnClusterStatus status, Map<Integer, Pod> pods,
                                              Map<Integer, PersistentVolumeClaim> claims) {
        Set<Integer> known = new TreeSet<>();
        pods.forEach((ordinal, pod) -> {
            if (pod.getMetadata().getDeletionTimestamp() == null) {
                known.add(ordinal);
            }
        });
        claims.forEach((ordinal, claim) -> {
            if (claim.getMetadata().getDeletionTimestamp() == null) {
                known.add(ordinal);
            }
        });
        if (status.getNodes() != null) {
            status.getNodes().forEach(node -> known.add(NodeTags.ordinalOf(node.getTag())));
        }
        if (status.getLeavingNodes() != null) {
            status.getLeavingNodes().forEach(tag -> known.add(NodeTags.ordinalOf(tag)));
        }
        return known;
    }

    /**
     * The known ordinals that leave: none while there are no more than {@code spec.nodes}; the ones chosen when the
     * scale-down began (kept in the status, so a half-moved node is not swapped for another); or, when the count
     * changed, a new choice of the nodes the cluster can best lose, announced by an event.
     */
    private List<Integer> leaving(MuninnCluster cluster, ClusterModel model, Map<Integer, Pod> pods,
                                  Set<Integer> known) {
        MuninnClusterStatus status = cluster.getStatus();
        int excess = known.size() - model.nodes();
        if (excess <= 0) {
            return List.of();
        }
        List<Integer> remembered = status.getLeavingNodes() == null ? List.of()
                : status.getLeavingNodes().stream().map(NodeTags::ordinalOf).filter(known::contains).toList();
        if (remembered.size() == excess) {
            return remembered;
        }
        ClusterScaleDown.Choice choice = scaleDown.choose(model, pods, known, excess);
        status.setLeavingNodes(choice.leaving().stream().map(NodeTags::ofOrdinal).toList());
        events.normal(cluster, "ScaleDownChosen", "Scaling down to " + model.nodes() + " nodes: "
                + choice.description() + " leave" + (excess == 1 ? "s" : "") + ", the nodes the cluster can best lose");
        return choice.leaving();
    }

    /** Why the cluster is Degraded: a refused change, or nodes unready longer than the spec allows; null if not. */
    private static String degradedReason(ClusterModel model, Map<Integer, Pod> pods, ClusterScaleDown.Outcome scaling) {
        if (scaling != null && scaling.refused()) {
            return scaling.description();
        }
        List<String> unready = new ArrayList<>();
        pods.forEach((ordinal, pod) -> {
            Duration down = NodePods.unreadyFor(pod);
            if (down.compareTo(model.degradedAfter()) > 0) {
                unready.add(pod.getMetadata().getName() + " (" + NodeTags.ofOrdinal(ordinal) + ") not ready for "
                        + down.toSeconds() + " s" + NodePods.waitingReason(pod).map(r -> ": " + r).orElse(""));
            }
        });
        return unready.isEmpty() ? null : String.join("; ", unready);
    }

    private Map<Integer, Pod> presentPods(ClusterModel model) {
        Map<Integer, Pod> pods = new HashMap<>();
        for (Pod pod : client.pods().inNamespace(model.namespace()).withLabels(model.nodeSelector()).list()
                .getItems()) {
            ordinalOf(pod).ifPresent(ordinal -> pods.put(ordinal, pod));
        }
        return pods;
    }

    /** Every claim of the cluster's nodes by ordinal, terminating ones included. */
    private Map<Integer, PersistentVolumeClaim> presentClaims(ClusterModel model) {
        Map<Integer, PersistentVolumeClaim> claims = new HashMap<>();
        for (PersistentVolumeClaim claim : client.persistentVolumeClaims().inNamespace(model.namespace())
                .withLabels(model.nodeSelector()).list().getItems()) {
            ordinalOf(claim).ifPresent(ordinal -> claims.put(ordinal, claim));
        }
        return claims;
    }

    private static Optional<Integer> ordinalOf(HasMetadata object) {
        String ordinal = object.getMetadata().getLabels() == null ? null
                : object.getMetadata().getLabels().get(Labels.ORDINAL);
        try {
            return ordinal == null ? Optional.empty() : Optional.of(Integer.parseInt(ordinal));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private void apply(HasMetadata desired) {
        client.resource(desired).fieldManager("muninn-operator").forceConflicts().serverSideApply();
    }
}
