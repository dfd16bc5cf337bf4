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
 * The Raft membership step, through the nodes' admin API only: the first pod of a new cluster (its lowest ordinal,
 * 0 → A) bootstraps it; every other ready pod is added under its ordinal's tag, as a watcher when its ordinal says so.
 * One step per reconcile; the result says what the nodes look like now.
 */
final class ClusterMembership {
    private static final Logger LOG = Logger.getLogger(ClusterMembership.class);

    /** A node added to the cluster learns its identity within seconds; one passive for longer lost its data. */
    static final Duration LOST_DATA_AFTER = Duration.ofSeconds(20);

    /**
     * A node that just came back (a new pod, at a new address) is not reachable by the leader until the peers'
     * name lookups see the new address; demoted before that, it would never get the change (ADR 0004). Its role
     * changes once it has been ready this long.
     */
    static final Duration ROLE_CHANGE_AFTER_READY = Duration.ofSeconds(15);

    /** {@code anchor} is the URL of a node that holds the cluster's view (null while there is none). */
    record Outcome(List<NodeStatus> nodes, String leader, List<String> actions, String problem, String anchor,
                   boolean rolesPending) {
        boolean allReady(int expected) {
            return problem == null && !rolesPending && nodes.size() == expected
                    && nodes.stream().allMatch(NodeStatus::isReady);
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
        for (int ordinal : model.ordinals()) {
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
            Pod first = pods.get(model.firstOrdinal());
            if (NodePods.ready(first)) {
                try {
                    view = admin.bootstrap(NodePods.url(first));
                    anchor = NodePods.url(first);
                    actions.add("Bootstrapped the cluster on " + first.getMetadata().getName() + " as "
                            + NodeTags.ofOrdinal(model.firstOrdinal()));
                } catch (RuntimeException e) { // tried again on the next reconcile, never given up on
                    problem = "Bootstrapping the cluster on " + first.getMetadata().getName() + " failed: "
                            + e.getMessage();
                }
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
            for (int ordinal : model.ordinals()) {
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
                String roleChange = null;
                if (problem == null) {
                    try {
                        roleChange = changeOneRole(model, pods, view, anchor);
                    } catch (RuntimeException e) {
                        problem = "Changing a node's role (spec.watchers " + model.watchers() + ") failed: "
                                + e.getMessage();
                    }
                }
                if (roleChange != null) {
                    actions.add(roleChange);
                    view = admin.topology(anchor);
                }
            } catch (RuntimeException e) {
                problem = problem == null ? "Cannot read the cluster topology from " + anchor + ": " + e.getMessage()
                        : problem;
            }
        }
        List<NodeStatus> nodes = new ArrayList<>();
        for (int ordinal : model.ordinals()) {
            Pod pod = pods.get(ordinal);
            String tag = NodeTags.ofOrdinal(ordinal);
            boolean inCluster = view != null && view.contains(tag);
            boolean watcher = inCluster ? view.watchers().containsKey(tag) : model.isWatcher(ordinal);
            nodes.add(new NodeStatus(model.podName(ordinal), tag, NodePods.url(pod), watcher ? "watcher" : "member",
                    NodePods.ready(pod) && inCluster));
        }
        boolean rolesPending = false;
        for (int ordinal : model.ordinals()) {
            String tag = NodeTags.ofOrdinal(ordinal);
            rolesPending |= view != null && view.contains(tag)
                    && view.watchers().containsKey(tag) != model.isWatcher(ordinal);
        }
        return new Outcome(nodes, view == null ? null : view.leader(), actions, problem, view == null ? null : anchor,
                rolesPending);
    }

    /**
     * Applies one change of {@code spec.watchers} to the Raft membership: promotions before demotions, so the number
     * of voters never dips below what it will be, and a demotion only while every voter has been ready for
     * {@link #ROLE_CHANGE_AFTER_READY} (the remaining ones must still make a majority). No restart: the node stays
     * up and only its vote changes (the node moves its own Raft division into the new role, ADR 0004).
     */
    private String changeOneRole(ClusterModel model, Map<Integer, Pod> pods, ClusterTopology view, String anchor) {
        List<Integer> promote = new ArrayList<>();
        List<Integer> demote = new ArrayList<>();
        boolean votersReady = true;
        for (int ordinal : model.ordinals()) {
            String tag = NodeTags.ofOrdinal(ordinal);
            boolean watcherNow = view.watchers().containsKey(tag);
            Pod pod = pods.get(ordinal);
            if (!NodePods.ready(pod) || NodePods.readyFor(pod).compareTo(ROLE_CHANGE_AFTER_READY) < 0) {
                if (view.members().containsKey(tag)) {
                    votersReady = false;
                }
                continue; // not settled enough to change its own role either
            }
            if (view.contains(tag) && watcherNow != model.isWatcher(ordinal)) {
                (watcherNow ? promote : demote).add(ordinal);
            }
        }
        if (!promote.isEmpty()) {
            String tag = NodeTags.ofOrdinal(promote.get(0));
            admin.setWatcher(anchor, tag, false);
            return "Promoted " + tag + " to a voting member (spec.watchers is " + model.watchers() + ")";
        }
        if (!demote.isEmpty() && votersReady) {
            String tag = NodeTags.ofOrdinal(demote.get(demote.size() - 1));
            admin.setWatcher(anchor, tag, true);
            return "Demoted " + tag + " to a watcher (spec.watchers is " + model.watchers() + ")";
        }
        return null;
    }
}
