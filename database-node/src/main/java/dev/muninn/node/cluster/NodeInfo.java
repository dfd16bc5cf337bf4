package dev.muninn.node.cluster;

/**
 * A member of the cluster: its tag (A, B, …), its stable server id (the Raft peer id), the URL clients use, the
 * Raft address ({@code host:port}) and whether it is a watcher (a non-voting member).
 */
public record NodeInfo(String tag, String serverId, String url, String raftAddress, boolean watcher) {
    public NodeInfo withWatcher(boolean value) {
        return new NodeInfo(tag, serverId, url, raftAddress, value);
    }
}
