package dev.muninn.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.UUID;

import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.junit.jupiter.api.Test;

import dev.muninn.node.cluster.RoleWatchdog.Action;
import dev.muninn.node.cluster.raft.DivisionRole;
import dev.muninn.node.cluster.raft.DivisionRole.Role;

class RoleWatchdogTest {
    private static final RaftGroup GROUP = RaftGroup.valueOf(RaftGroupId.valueOf(UUID.randomUUID()));

    private static Action decide(boolean alive, Role acting, Role configured) {
        return RoleWatchdog.decide(new DivisionRole(!alive, acting, configured, true, GROUP), Optional.empty());
    }

    @Test
    void aDivisionInItsConfiguredRoleIsLeftAlone() {
        assertThat(decide(true, Role.VOTER, Role.VOTER)).isEqualTo(Action.NONE);
        assertThat(decide(true, Role.LEADER, Role.VOTER)).isEqualTo(Action.NONE);
        assertThat(decide(true, Role.LISTENER, Role.LISTENER)).isEqualTo(Action.NONE);
    }

    @Test
    void aDemotedVoterAndAPromotedListenerRestartFromTheirStorage() {
        assertThat(decide(true, Role.VOTER, Role.LISTENER)).isEqualTo(Action.RESTART);
        assertThat(decide(true, Role.LISTENER, Role.VOTER)).isEqualTo(Action.RESTART);
    }

    @Test
    void aClosedVoterTheClusterMadeAWatcherRejoinsAsOne() {
        DivisionRole staleVoter = new DivisionRole(true, Role.VOTER, Role.VOTER, true, GROUP);
        assertThat(RoleWatchdog.decide(staleVoter, Optional.of(true))).isEqualTo(Action.REJOIN_AS_WATCHER);
        assertThat(RoleWatchdog.decide(staleVoter, Optional.of(false))).isEqualTo(Action.RESTART);
        assertThat(RoleWatchdog.decide(staleVoter, Optional.empty())).as("nobody answered").isEqualTo(Action.RESTART);
        assertThat(RoleWatchdog.decide(new DivisionRole(true, Role.LISTENER, Role.LISTENER, true, GROUP),
                Optional.of(true))).as("its own log already makes it a listener").isEqualTo(Action.RESTART);
    }

    @Test
    void aLeaderThatShouldOnlyListenHandsOver() {
        assertThat(decide(true, Role.LEADER, Role.LISTENER)).isEqualTo(Action.HAND_OVER);
    }

    @Test
    void aClosedDivisionRestartsFromItsStorageWhateverItsRole() {
        assertThat(decide(false, Role.VOTER, Role.LISTENER)).isEqualTo(Action.RESTART);
        assertThat(decide(false, Role.LISTENER, Role.LISTENER)).isEqualTo(Action.RESTART);
        assertThat(decide(false, Role.VOTER, Role.VOTER)).as("told to shut down while its log was stale")
                .isEqualTo(Action.RESTART);
    }

    @Test
    void aRunningDivisionWaitsOutAMembershipChange() {
        assertThat(RoleWatchdog.decide(new DivisionRole(false, Role.VOTER, Role.LISTENER, false, GROUP),
                Optional.empty())).isEqualTo(Action.NONE);
        assertThat(RoleWatchdog.decide(new DivisionRole(true, Role.VOTER, Role.LISTENER, false, GROUP),
                Optional.empty())).as("closed by the joint configuration of its demotion").isEqualTo(Action.RESTART);
    }
}
