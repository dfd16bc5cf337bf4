package dev.muninn.node.cluster;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An immutable picture of the applied cluster state: nodes by tag, database records by lower-cased name, and the
 * Raft index it reflects. Every node serves reads (topology, records) from its latest view.
 */
public record ClusterView(String topologyId, Map<String, NodeInfo> nodes, Map<String, DatabaseRecord> records,
                          long index) {
    public static final ClusterView EMPTY = new ClusterView(null, Map.of(), Map.of(), 0);

    public ClusterView {
        nodes = Collections.unmodifiableMap(new TreeMap<>(nodes));
        records = Collections.unmodifiableMap(new TreeMap<>(records));
    }

    /** The same picture at a later index (after a command that changed nothing it holds). */
    public ClusterView at(long laterIndex) {
        return new ClusterView(topologyId, nodes, records, laterIndex);
    }

    public Optional<NodeInfo> nodeByServerId(String serverId) {
        return nodes.values().stream().filter(n -> n.serverId().equals(serverId)).findFirst();
    }

    public List<NodeInfo> voters() {
        return nodes.values().stream().filter(n -> !n.watcher()).toList();
    }

    public List<NodeInfo> watchers() {
        return nodes.values().stream().filter(NodeInfo::watcher).toList();
    }

    /** How many database instances (members, promotables, rehabs) each node holds: the load placement evens out. */
    public Map<String, Integer> instancesPerNode() {
        Map<String, Integer> load = new java.util.HashMap<>();
        records.values().forEach(r -> r.instances().forEach(tag -> load.merge(tag, 1, Integer::sum)));
        return load;
    }

    /** The next tag after the highest in use: A…Z, then AA, AB, … */
    public String nextFreeTag() {
        int highest = -1;
        for (String tag : nodes.keySet()) {
            highest = Math.max(highest, NodeTags.ordinal(tag));
        }
        return NodeTags.ofOrdinal(highest + 1);
    }
}
