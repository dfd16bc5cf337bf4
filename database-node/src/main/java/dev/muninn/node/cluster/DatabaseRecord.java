package dev.muninn.node.cluster;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A database as the cluster knows it. {@code settings} is the record as the client sent it (conflict solver,
 * revisions and other configuration kept verbatim for the features that read them); {@code members} is the
 * topology in preferred order; {@code etag} is the index of the change that produced this version.
 */
public record DatabaseRecord(String name, List<String> members, int replicationFactor, boolean disabled,
                             String topologyId, long etag, ObjectNode settings) {

    public DatabaseRecord {
        members = List.copyOf(members);
    }

    public boolean hostedOn(String nodeTag) {
        return members.contains(nodeTag);
    }
}
