package dev.muninn.nodeclient;

import java.util.Map;

/**
 * A node's view of the cluster: members and watchers by tag (with their URLs), the leader's tag (null while there is
 * none), the answering node's tag ("?" while passive) and its Raft state.
 */
public record ClusterTopology(String topologyId, Map<String, String> members, Map<String, String> watchers,
                              String leader, String nodeTag, String state) {
    public boolean isPassive() {
        return topologyId == null || "Passive".equals(state);
    }

    public boolean contains(String tag) {
        return members.containsKey(tag) || watchers.containsKey(tag);
    }
}
