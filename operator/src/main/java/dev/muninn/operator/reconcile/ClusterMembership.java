package dev.muninn.operator.reconcile;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.Pod;

import dev.muninn.nodeclient.ClusterTopology;
import dev.muninn.nodeclient.NodeAdminClient;
import dev.muninn.nodeclient.NodeUnreachableException;
import dev.muninn.operator.api.v1alpha1.spec.NodeStatus;
import dev.muninn.operator.model.ClusterModel;
import dev.muninn.operator.model.NodeTags;

/**
 * The Raft membership step, through the nodes' admin API only: the first ready pod of a new cluster (ordinal 0)
 * bootstraps it as A; every other ready pod is added under its ordinal's tag, as a watcher when its ordinal says so.
 * One step per reconcile; the result says what the nodes look like now.
 */
final class ClusterMembership {
    private static final Logger LOG = Logger.getLogger(ClusterMembership.class);

    /** A node added to the cluster learns its identity within seconds; one passive for longer lost its data. */
    static final Duration LOST_DATA_AFTER = Duration.ofSeconds(20);

    /** {@code anchor} is the URL of a node that holds the cluster's view (null while there is none). */
    record Outcome(List<NodeStatus> nodes, String leader, List<String> actions, String problem, String anchor) {
        boolean allReady(int expected) {
            return problem == null && nodes.size() == expected && nodes.stream().allMatch(NodeStatus::isReady);
        }
    }

    private final NodeAdminClient admin;

    ClusterMembership(NodeAdminClient admin) {
        this.admin = admin;
    }

    Outcome reconcile(ClusterModel model, Map<Integer, Pod> pods) {
        List<String> actions = new ArrayList<>();
        ClusterTopology view = null;
        String anchor = null;
        List<Integer> passive = new ArrayList<>();
        for (int ordinal = 0; ordinal < model.nodes(); ordinal++) {
            Pod pod = pods.get(ordinal);
            if (!NodePods.ready(pod)) {
                continue;
            }
            try {
                ClusterTopology seen = admin.topology(NodePods.url(pod));
                if (seen.isPassive()) {
                    passive.add(ordinal);
                }
                if (!seen.isPassive() && (view == null || view.leader() == null && seen.leader() != null)) {
                    view = seen;
                    anchor = NodePods.url(pod);
                }
            } catch (RuntimeException e) {
                LOG.debugf("cluster=%s event=node-not-answering pod=%s reason=%s", model.name(), pod.getMetadata()
                        .getName(), e.getMessage());
            }
        }
        String problem = null;
        if (view == null) {
            Pod first = pods.get(0);
            if (NodePods.ready(first)) {
                view = admin.bootstrap(NodePods.url(first));
                anchor = NodePods.url(first);
                actions.add("Bootstrapped the cluster on " + first.getMetadata().getName() + " as A");
            }
        }
        if (view != null) {
            // A pod that came back without its volume is an empty, passive node under a tag the cluster still
            // holds: take the tag out (its database instances with it), so that it is added again as new below
            // and its databases are rebuilt from their other replicas.
            for (int ordinal : passive) {
                Pod pod = pods.get(ordinal);
                String tag = NodeTags.ofOrdinal(ordinal);
                if (view.contains(tag) && NodePods.readyFor(pod).compareTo(LOST_DATA_AFTER) > 0) {
                    try {
                        admin.removeNode(anchor, tag);
                        actions.add("Removed " + tag + " from the cluster: " + pod.getMetadata().getName()
                                + " came back without its data; it is added again as a new node");
                        view = admin.topology(anchor);
                    } catch (RuntimeException e) {
                        problem = "Removing " + tag + " (it lost its data) failed: " + e.getMessage();
                    }
                }
            }
            for (int ordinal = 0; ordinal < model.nodes(); ordinal++) {
                Pod pod = pods.get(ordinal);
                String tag = NodeTags.ofOrdinal(ordinal);
                if (!NodePods.ready(pod) || view.contains(tag)) {
                    continue;
                }
                try {
                    admin.addNode(anchor, model.nodeUrl(ordinal), tag, model.isWatcher(ordinal));
                    actions.add("Added " + pod.getMetadata().getName() + " to the cluster as " + tag
                            + (model.isWatcher(ordinal) ? " (watcher)" : ""));
                } catch (NodeUnreachableException e) {
                    problem = "Cannot reach " + anchor + " to add " + tag + ": " + e.getMessage();
                } catch (RuntimeException e) {
                    problem = "Adding " + pod.getMetadata().getName() + " as " + tag + " failed: " + e.getMessage();
                }
            }
            try {
                view = admin.topology(anchor);
                if (problem == null) {
                    problem = roleChangeRefused(model, view);
                }
            } catch (RuntimeException e) {
                problem = problem == null ? "Cannot read the cluster topology from " + anchor + ": " + e.getMessage()
                        : problem;
            }
        }
        List<NodeStatus> nodes = new ArrayList<>();
        for (int ordinal = 0; ordinal < model.nodes(); ordinal++) {
            Pod pod = pods.get(ordinal);
            String tag = NodeTags.ofOrdinal(ordinal);
            boolean inCluster = view != null && view.contains(tag);
            boolean watcher = inCluster ? view.watchers().containsKey(tag) : model.isWatcher(ordinal);
            nodes.add(new NodeStatus(model.podName(ordinal), tag, NodePods.url(pod), watcher ? "watcher" : "member",
                    NodePods.ready(pod) && inCluster));
        }
        return new Outcome(nodes, view == null ? null : view.leader(), actions, problem, view == null ? null : anchor);
    }

    /**
     * A node whose role {@code spec.watchers} changes (voter to watcher or back) is reported, not changed: a node
     * demoted while running stops applying the cluster's log (found by OperatorIT: its cluster state goes stale,
     * and a backup task it is made responsible for never runs). Until the node handles it, the cluster says why it
     * is not Ready.
     */
    private static String roleChangeRefused(ClusterModel model, ClusterTopology view) {
        List<String> changes = new ArrayList<>();
        for (int ordinal = 0; ordinal < model.nodes(); ordinal++) {
            String tag = NodeTags.ofOrdinal(ordinal);
            boolean watcherNow = view.watchers().containsKey(tag);
            if (view.contains(tag) && watcherNow != model.isWatcher(ordinal)) {
                changes.add(tag + (watcherNow ? " to a voter" : " to a watcher"));
            }
        }
        return changes.isEmpty() ? null : "spec.watchers asks to change " + String.join(", ", changes)
                + ": changing the role of a running node is not supported yet; set spec.watchers back to "
                + view.watchers().size();
    }
}
