package dev.muninn.node.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A database as the cluster knows it. {@code settings} is the record as the client sent it (conflict solver,
 * revisions and other configuration kept verbatim for the features that read them); {@code members} is the
 * topology in preferred order, the instances clients use; {@code promotables} are instances being caught up
 * (new or added), {@code rehabs} members the supervisor demoted (failed or unreachable) — both hold the database
 * and receive replication, neither is offered to clients. {@code reasons} says, per promotable or rehab, why it
 * is not a member (RavenDB's PromotablesStatus and DemotionReasons). {@code etag} is the index of the change that
 * produced this version.
 */
public record DatabaseRecord(String name, List<String> members, List<String> promotables, List<String> rehabs,
                             Map<String, String> reasons, int replicationFactor, boolean disabled,
                             String topologyId, long etag, ObjectNode settings) {

    public DatabaseRecord {
        members = List.copyOf(members);
        promotables = List.copyOf(promotables);
        rehabs = List.copyOf(rehabs);
        reasons = Map.copyOf(reasons);
    }

    /** A record whose instances are all members. */
    public DatabaseRecord(String name, List<String> members, int replicationFactor, boolean disabled,
                          String topologyId, long etag, ObjectNode settings) {
        this(name, members, List.of(), List.of(), Map.of(), replicationFactor, disabled, topologyId, etag, settings);
    }

    /** Whether its files are encrypted (the client's DatabaseRecord.encrypted): each node needs its key. */
    public boolean encrypted() {
        return settings != null && settings.path("Encrypted").asBoolean(false);
    }

    /** Whether this node holds an instance of the database (as a member, promotable or rehab). */
    public boolean hostedOn(String nodeTag) {
        return members.contains(nodeTag) || promotables.contains(nodeTag) || rehabs.contains(nodeTag);
    }

    /** Every node holding an instance: members first, in order, then promotables, then rehabs. */
    public List<String> instances() {
        List<String> all = new ArrayList<>(members);
        all.addAll(promotables);
        all.addAll(rehabs);
        return all;
    }

    /** The same database with another membership, at the index of the change. */
    public DatabaseRecord withTopology(List<String> newMembers, List<String> newPromotables, List<String> newRehabs,
                                       Map<String, String> newReasons, long index) {
        return new DatabaseRecord(name, newMembers, newPromotables, newRehabs, newReasons, replicationFactor, disabled,
                topologyId, index, settings);
    }

    public DatabaseRecord withReplicationFactor(int factor) {
        return new DatabaseRecord(name, members, promotables, rehabs, reasons, factor, disabled, topologyId, etag,
                settings);
    }

    /** The same database with other settings, at the index of the change. */
    public DatabaseRecord withSettings(ObjectNode newSettings, long index) {
        return new DatabaseRecord(name, members, promotables, rehabs, reasons, replicationFactor, disabled, topologyId,
                index, newSettings);
    }
}
