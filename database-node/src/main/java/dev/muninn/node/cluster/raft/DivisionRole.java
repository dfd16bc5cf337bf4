package dev.muninn.node.cluster.raft;

import org.apache.ratis.protocol.RaftGroup;

/**
 * What this server's division of the cluster's group is doing, next to what its own copy of the Raft configuration
 * says it should be. Ratis 3.1.3 does not move a running server between voter and listener when the configuration
 * changes; the two can differ until the division restarts.
 *
 * @param closed        Ratis closed the division (it takes no part until restarted); a starting one is not closed
 * @param acting        its role right now
 * @param configured    its role in the configuration it last knew: {@link Role#VOTER}, {@link Role#LISTENER}, or
 *                      {@link Role#NONE} when that configuration does not name it (removed)
 * @param settled       that configuration is not a joint one (a membership change is not half-way)
 * @param knownGroup    the group as that configuration describes it, each peer with its configured role
 */
public record DivisionRole(boolean closed, Role acting, Role configured, boolean settled, RaftGroup knownGroup) {
    public enum Role {
        LEADER, VOTER, LISTENER, NONE
    }
}
