package dev.muninn.node.cluster;

/** Finds out who a node at a URL is (its server id, Raft address and cluster), before it is added. */
public interface PeerDirectory {
    record PeerIdentity(String serverId, String raftAddress, String topologyId) {
    }

    PeerIdentity identify(String url);
}
