package dev.muninn.operator.reconcile;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;

import dev.muninn.nodeclient.DatabaseTopology;
import dev.muninn.nodeclient.NodeAdminClient;
import dev.muninn.operator.model.ClusterModel;
import dev.muninn.operator.model.NodePod;
import dev.muninn.operator.model.NodeTags;
import dev.muninn.operator.model.RollingUpdatePlan;

/**
 * Observes what {@link RollingUpdatePlan} needs (each pod's template hash and readiness, the Raft leader, every
 * database's topology) and deletes the one pod it says to replace; the cluster reconciler creates it again from the
 * current template on a later pass. One step per reconcile.
 */
final class ClusterRollingUpdate {
    private static final Logger LOG = Logger.getLogger(ClusterRollingUpdate.class);

    /** What the update is doing; {@code replaced} is true when this pass deleted a pod. */
    record Outcome(String description, boolean replaced) {
    }

    private final KubernetesClient client;
    private final NodeAdminClient admin;

    ClusterRollingUpdate(KubernetesClient client, NodeAdminClient admin) {
        this.client = client;
        this.admin = admin;
    }

    /** Null when every pod runs the current template. */
    Outcome reconcile(ClusterModel model, Map<Integer, Pod> present, String leaderTag, String anchor) {
        Map<Integer, String> hashes = new HashMap<>();
        present.forEach((ordinal, pod) -> hashes.put(ordinal, NodePod.templateHashOf(pod)));
        Integer leader = leaderTag == null ? null : NodeTags.ordinalOf(leaderTag);
        List<Integer> outdated = RollingUpdatePlan.outdated(model, hashes, leader);
        if (outdated.isEmpty()) {
            return null;
        }
        Set<String> notReady = new TreeSet<>();
        for (int ordinal : model.ordinals()) {
            Pod pod = present.get(ordinal);
            if (pod == null || pod.getMetadata().getDeletionTimestamp() != null || !NodePods.ready(pod)) {
                notReady.add(model.podName(ordinal));
            }
        }
        List<DatabaseTopology> databases = List.of();
        if (notReady.isEmpty()) {
            if (anchor == null) {
                return new Outcome("Rolling update: no node answers, waiting", false);
            }
            databases = admin.databases(anchor);
        }
        RollingUpdatePlan.Step step = RollingUpdatePlan.next(outdated, notReady, databases);
        if (step instanceof RollingUpdatePlan.Replace replace) {
            String pod = model.podName(replace.ordinal());
            client.pods().inNamespace(model.namespace()).withName(pod).delete();
            String description = "Rolling update: replacing " + pod + " (node " + NodeTags.ofOrdinal(replace.ordinal())
                    + ") with the new pod template; " + replace.outdated() + " of " + model.nodes() + " outdated";
            LOG.infof("namespace=%s cluster=%s event=rolling-update pod=%s outdated=%d", model.namespace(),
                    model.name(), pod, replace.outdated());
            return new Outcome(description, true);
        }
        if (step instanceof RollingUpdatePlan.Wait wait) {
            return new Outcome("Rolling update: " + wait.outdated() + " of " + model.nodes() + " pods outdated, "
                    + wait.reason(), false);
        }
        return null;
    }
}
