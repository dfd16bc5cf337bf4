package dev.muninn.node.cluster;

/**
 * Asks other nodes over their public API: who a node at a URL is (its server id, Raft address and cluster), before
 * it is added; and what the cluster, as that node sees it, makes of a node.
 */
public interface PeerDirectory {
    record PeerIdentity(String serverId, String raftAddress, String topologyId) {
    }

    PeerIdentity identify(String url);

    /** Whether the node at {@code url} sees {@code tag} as a watcher (true) or a voter (false); empty if unknown. */
    default java.util.Optional<Boolean> watcherAccordingTo(String url, String tag) {
        return java.util.Optional.empty();
    }
}
