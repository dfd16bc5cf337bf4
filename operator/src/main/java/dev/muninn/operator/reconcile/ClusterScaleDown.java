package dev.muninn.operator.reconcile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;

import dev.muninn.nodeclient.ClusterTopology;
import dev.muninn.nodeclient.DatabaseTopology;
import dev.muninn.nodeclient.NodeAdminClient;
import dev.muninn.operator.api.v1alpha1.MuninnCluster;
import dev.muninn.operator.api.v1alpha1.MuninnDatabase;
import dev.muninn.operator.model.ClusterModel;
import dev.muninn.operator.model.NodeOrdinals;
import dev.muninn.operator.model.NodeTags;
import dev.muninn.operator.model.ScaleDownPlan;
import dev.muninn.operator.model.ScaleDownPlan.Step;

/**
 * The scale-down reconcile step: reads what {@link ScaleDownPlan} decides from (the cluster's view, every database's
 * topology, ready pods, the factors to keep) through the admin API and the Kubernetes API, and carries out one step.
 */
final class ClusterScaleDown {
    private static final Logger LOG = Logger.getLogger(ClusterScaleDown.class);

    /** What was done (or why nothing was), for status and events. */
    record Outcome(Step step, String description, boolean refused, boolean waiting) {
    }

    private final KubernetesClient client;
    private final NodeAdminClient admin;

    ClusterScaleDown(KubernetesClient client, NodeAdminClient admin) {
        this.client = client;
        this.admin = admin;
    }

    /** The nodes chosen to leave, and why, in a line. */
    record Choice(List<Integer> leaving, String description) {
    }

    /**
     * Chooses the {@code count} known nodes the cluster can best lose ({@link NodeOrdinals#chooseLeaving}) from what
     * a node that answers says of the cluster: membership, leader, every database's instances. When none answers,
     * from the pods alone (unready ones first).
     */
    Choice choose(ClusterModel model, Map<Integer, Pod> pods, Set<Integer> known, int count) {
        ClusterTopology topology = null;
        List<DatabaseTopology> databases = List.of();
        for (Pod pod : pods.values()) {
            if (topology == null && NodePods.ready(pod)) {
                try {
                    ClusterTopology seen = admin.topology(NodePods.url(pod));
                    if (!seen.isPassive()) {
                        databases = admin.databases(NodePods.url(pod));
                        topology = seen;
                    }
                } catch (RuntimeException e) {
                    LOG.debugf("cluster=%s event=node-not-answering reason=%s", model.name(), e.getMessage());
                }
            }
        }
        List<NodeOrdinals.Candidate> candidates = new ArrayList<>();
        for (int ordinal : known) {
            String tag = NodeTags.ofOrdinal(ordinal);
            Pod pod = pods.get(ordinal);
            int instances = (int) databases.stream().filter(d -> d.members().contains(tag)
                    || d.promotables().contains(tag) || d.rehabs().contains(tag)).count();
            candidates.add(new NodeOrdinals.Candidate(ordinal, topology == null || topology.contains(tag),
                    pod != null && pod.getMetadata().getDeletionTimestamp() == null && NodePods.ready(pod),
                    topology != null && tag.equals(topology.leader()), instances));
        }
        List<Integer> leaving = NodeOrdinals.chooseLeaving(count, candidates);
        String description = NodeOrdinals.describeChoice(leaving, candidates);
        LOG.infof("namespace=%s cluster=%s event=scale-down-chosen leaving=\"%s\"", model.namespace(), model.name(),
                description);
        return new Choice(leaving, description);
    }

    Outcome reconcile(MuninnCluster cluster, ClusterModel model, Map<Integer, Pod> pods, Set<Integer> present,
                      String anchor) {
        if (anchor == null) {
            return new Outcome(null, "No node of the cluster answers: cannot plan the scale-down", false, true);
        }
        ClusterTopology topology = admin.topology(anchor);
        List<DatabaseTopology> databases = admin.databases(anchor);
        Map<String, Integer> factors = factors(cluster, model, databases);
        Set<String> ready = new HashSet<>();
        pods.forEach((ordinal, pod) -> {
            if (NodePods.ready(pod)) {
                ready.add(NodeTags.ofOrdinal(ordinal));
            }
        });
        Step step = ScaleDownPlan.next(model, new ScaleDownPlan.Observed(present, topology, databases, ready,
                factors));
        String description = ScaleDownPlan.describe(step);
        LOG.infof("namespace=%s cluster=%s event=scale-down-step step=\"%s\"", model.namespace(), model.name(),
                description);
        if (step instanceof ScaleDownPlan.AddInstance add) {
            admin.addDatabaseNode(anchor, add.database(), add.tag());
        } else if (step instanceof ScaleDownPlan.RemoveInstance remove) {
            admin.deleteDatabase(anchor, remove.database(), true, List.of(remove.tag()));
        } else if (step instanceof ScaleDownPlan.RemoveNode remove) {
            admin.removeNode(anchor, remove.tag());
        } else if (step instanceof ScaleDownPlan.DeleteNodeObjects delete) {
            client.pods().inNamespace(model.namespace()).withName(model.podName(delete.ordinal())).delete();
            client.persistentVolumeClaims().inNamespace(model.namespace()).withName(model.claimName(delete.ordinal()))
                    .delete();
        }
        return new Outcome(step, description, step instanceof ScaleDownPlan.Refuse,
                step instanceof ScaleDownPlan.Wait);
    }

    /**
     * The copies each database keeps: its MuninnDatabase's factor when one manages it, otherwise the factor it had
     * when this scale-down began (remembered in the status, since adding the new copies raises the record's own).
     */
    private Map<String, Integer> factors(MuninnCluster cluster, ClusterModel model, List<DatabaseTopology> databases) {
        Map<String, Integer> remembered = cluster.getStatus().getScaleDownFactors();
        if (remembered == null) {
            remembered = new HashMap<>();
            for (DatabaseTopology database : databases) {
                remembered.put(database.name(), database.replicationFactor());
            }
            cluster.getStatus().setScaleDownFactors(remembered);
        }
        Map<String, Integer> factors = new HashMap<>(remembered);
        for (MuninnDatabase resource : client.resources(MuninnDatabase.class).inNamespace(model.namespace()).list()
                .getItems()) {
            if (resource.getSpec() != null && resource.getSpec().getClusterRef() != null
                    && model.name().equals(resource.getSpec().getClusterRef().getName())) {
                factors.put(MuninnDatabaseReconciler.databaseName(resource), resource.getSpec().getReplicationFactor());
            }
        }
        return factors;
    }
}
