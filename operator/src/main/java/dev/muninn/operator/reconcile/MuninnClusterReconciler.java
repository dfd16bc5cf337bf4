package dev.muninn.operator.reconcile;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
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
import dev.muninn.operator.model.NodePod;

/**
 * Reconciles a MuninnCluster, in named steps: validate the spec into the model; apply the Services and the
 * disruption budget; create missing claims and pods (a deleted pod comes back with its claim); bootstrap and grow
 * the Raft cluster through the nodes' admin API; write the status. Runs again on every change of the cluster or its
 * pods and claims, and every few seconds while it is not Ready. Scale-down is refused for now (it must move
 * databases off and remove nodes from Raft first).
 */
@ControllerConfiguration(name = "muninncluster")
public class MuninnClusterReconciler implements Reconciler<MuninnCluster> {
    private static final Logger LOG = Logger.getLogger(MuninnClusterReconciler.class);
    private static final Duration NOT_READY_RECHECK = Duration.ofSeconds(3);
    private static final Duration READY_RECHECK = Duration.ofSeconds(30);

    private final KubernetesClient client;
    private final ClusterMembership membership;
    private final EventRecorder events;

    public MuninnClusterReconciler(KubernetesClient client, NodeAdminClient admin) {
        this.client = client;
        this.membership = new ClusterMembership(admin);
        this.events = new EventRecorder(client);
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
        ClusterModel model;
        try {
            model = ClusterModel.from(cluster);
        } catch (InvalidSpecException e) {
            events.warning(cluster, "InvalidSpec", e.getMessage());
            status.setPhase("Invalid");
            status.setConditions(Conditions.set(status.getConditions(), "Ready", false, "InvalidSpec", e.getMessage(),
                    generation));
            return UpdateControl.patchStatus(cluster);
        }
        int existing = countExistingPods(model);
        if (existing > model.nodes()) {
            String message = "Scaling down from " + existing + " to " + model.nodes() + " nodes is not supported yet";
            events.warning(cluster, "ScaleDownRefused", message);
            status.setConditions(Conditions.set(status.getConditions(), "Degraded", true, "ScaleDownRefused", message,
                    generation));
            return UpdateControl.patchStatus(cluster).rescheduleAfter(READY_RECHECK);
        }

        apply(ClusterServices.headless(model));
        apply(ClusterServices.client(model));
        apply(NodeDisruptionBudget.build(model));
        Map<Integer, Pod> pods = new HashMap<>();
        for (int ordinal = 0; ordinal < model.nodes(); ordinal++) {
            if (client.persistentVolumeClaims().inNamespace(model.namespace()).withName(model.claimName(ordinal))
                    .get() == null) {
                client.resource(NodeClaim.build(model, ordinal)).create();
            }
            Pod pod = client.pods().inNamespace(model.namespace()).withName(model.podName(ordinal)).get();
            if (pod == null) {
                pod = client.resource(NodePod.build(model, ordinal)).create();
                events.normal(cluster, "PodCreated", "Created pod " + pod.getMetadata().getName());
            }
            pods.put(ordinal, pod);
        }

        ClusterMembership.Outcome outcome = membership.reconcile(model, pods);
        outcome.actions().forEach(action -> events.normal(cluster, "MembershipChanged", action));
        if (outcome.problem() != null) {
            events.warning(cluster, "MembershipProblem", outcome.problem());
        }
        boolean ready = outcome.allReady(model.nodes());
        status.setNodes(outcome.nodes());
        status.setLeader(outcome.leader());
        status.setObservedGeneration(generation);
        status.setPhase(ready ? "Ready" : "Progressing");
        long readyNodes = outcome.nodes().stream().filter(n -> n.isReady()).count();
        status.setConditions(Conditions.set(status.getConditions(), "Ready", ready, ready ? "AllNodesReady"
                : "NodesNotReady", readyNodes + " of " + model.nodes() + " nodes ready and in the cluster", generation));
        status.setConditions(Conditions.set(status.getConditions(), "Progressing", !ready, ready ? "Reconciled"
                : "WaitingForNodes", outcome.problem() != null ? outcome.problem()
                : readyNodes + " of " + model.nodes() + " nodes ready", generation));
        LOG.debugf("namespace=%s name=%s event=reconciled ready=%s nodes=%d", model.namespace(), model.name(), ready,
                readyNodes);
        return UpdateControl.patchStatus(cluster).rescheduleAfter(ready ? READY_RECHECK : NOT_READY_RECHECK);
    }

    private int countExistingPods(ClusterModel model) {
        return client.pods().inNamespace(model.namespace()).withLabels(model.nodeSelector()).list().getItems().size();
    }

    private void apply(HasMetadata desired) {
        client.resource(desired).fieldManager("muninn-operator").forceConflicts().serverSideApply();
    }
}
