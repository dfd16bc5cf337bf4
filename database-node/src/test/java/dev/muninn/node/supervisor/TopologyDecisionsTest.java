package dev.muninn.node.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.muninn.node.cluster.DatabaseRecord;
import dev.muninn.node.cluster.NodeInfo;
import dev.muninn.node.cluster.commands.UpdateTopology;

/** The supervisor's decisions, driven by observations alone: no Raft, no processes. */
class TopologyDecisionsTest {
    static final SupervisorSettings SETTINGS = new SupervisorSettings(Duration.ofMillis(500), Duration.ofSeconds(10),
            Duration.ofSeconds(60), Duration.ofSeconds(5));
    static final Instant LEADER_SINCE = Instant.parse("2026-12-03T10:00:00Z");
    static final Instant NOW = LEADER_SINCE.plusSeconds(120);

    final Map<String, NodeReport> reports = new HashMap<>();
    final Map<String, NodeReport> previous = new HashMap<>();

    static DatabaseRecord record(List<String> members, List<String> promotables, List<String> rehabs, int factor) {
        return new DatabaseRecord("db", members, promotables, rehabs, Map.of(), factor, false, "t", 7,
                new ObjectMapper().createObjectNode());
    }

    static Map<String, NodeInfo> nodes(String... tags) {
        Map<String, NodeInfo> nodes = new HashMap<>();
        for (String tag : tags) {
            nodes.put(tag, new NodeInfo(tag, "id-" + tag, "http://" + tag, tag + ":1", false));
        }
        return nodes;
    }

    /** Node {@code tag} answered at {@code at}: db open at {@code lastEtag}, acknowledged etags per destination. */
    void answered(String tag, Instant at, long lastEtag, Map<String, Long> acknowledged) {
        reports.put(tag, new NodeReport(tag, at, Map.of("db", new DatabaseReport(true, lastEtag, acknowledged))));
    }

    Optional<UpdateTopology> decide(DatabaseRecord record, Map<String, NodeInfo> nodes, Instant belowSince) {
        return TopologyDecisions.decide(record, new TopologyDecisions.Observed(nodes, reports, previous, Map.of(), NOW,
                LEADER_SINCE, belowSince), SETTINGS);
    }

    @Test
    void aMemberSilentLongerThanTheRehabTimeIsDemoted() {
        answered("A", NOW, 10, Map.of("B", 10L, "C", 4L));
        answered("B", NOW, 10, Map.of("A", 10L, "C", 4L));
        answered("C", NOW.minusSeconds(11), 4, Map.of());
        UpdateTopology decision = decide(record(List.of("A", "B", "C"), List.of(), List.of(), 3), nodes("A", "B", "C"),
                null).orElseThrow();
        assertThat(decision.members()).containsExactly("A", "B");
        assertThat(decision.rehabs()).containsExactly("C");
        assertThat(decision.reasons().get("C")).contains("has not answered");
        assertThat(decision.expectedEtag()).isEqualTo(7);
    }

    void failing(String tag, boolean open, String error) {
        reports.put(tag, new NodeReport(tag, NOW, Map.of("db", new DatabaseReport(open, 0, Map.of(), error))));
    }

    @Test
    void aMemberWhoseInstanceFailedToLoadIsDemotedAtOnceWithTheReason() {
        answered("A", NOW, 10, Map.of("B", 10L));
        answered("B", NOW, 10, Map.of("A", 10L));
        failing("C", false, "Database failed to load: NotDirectoryException: /data/Databases/db");
        UpdateTopology decision = decide(record(List.of("A", "B", "C"), List.of(), List.of(), 3), nodes("A", "B", "C"),
                null).orElseThrow();
        assertThat(decision.members()).containsExactly("A", "B");
        assertThat(decision.rehabs()).containsExactly("C");
        assertThat(decision.reasons().get("C")).isEqualTo("Database failed to load: NotDirectoryException: /data/Databases/db");
    }

    @Test
    void aMemberWhoseStorageFailsIsDemotedButNeverTheLastHealthyOne() {
        answered("A", NOW, 10, Map.of("B", 10L));
        failing("B", true, "Storage failure: ExodusException: No space left on device");
        UpdateTopology decision = decide(record(List.of("A", "B"), List.of(), List.of(), 2), nodes("A", "B"), null)
                .orElseThrow();
        assertThat(decision.members()).containsExactly("A");
        assertThat(decision.reasons().get("B")).contains("No space left on device");

        failing("A", true, "Storage failure: disk full");
        assertThat(decide(record(List.of("A", "B"), List.of(), List.of(), 2), nodes("A", "B"), null))
                .as("every member fails: demoting them all would leave clients nothing").isEmpty();
    }

    @Test
    void aRehabReportingAnErrorIsNotPromotedAndShowsTheError() {
        answered("A", NOW, 10, Map.of("B", 10L, "C", 10L));
        answered("B", NOW, 10, Map.of("A", 10L, "C", 10L));
        failing("C", true, "Storage failure: disk full");
        UpdateTopology decision = decide(record(List.of("A", "B"), List.of(), List.of("C"), 3), nodes("A", "B", "C"),
                null).orElseThrow();
        assertThat(decision.rehabs()).containsExactly("C");
        assertThat(decision.reasons().get("C")).isEqualTo("Storage failure: disk full");
        answered("C", NOW, 10, Map.of("A", 10L, "B", 10L));
        assertThat(decide(record(List.of("A", "B"), List.of(), List.of("C"), 3), nodes("A", "B", "C"), null)
                .orElseThrow().members()).as("healthy again and caught up").containsExactly("A", "B", "C");
    }

    @Test
    void aMemberSilentForLessThanTheRehabTimeStays() {
        answered("A", NOW, 10, Map.of("B", 10L));
        answered("B", NOW.minusSeconds(9), 10, Map.of("A", 10L));
        assertThat(decide(record(List.of("A", "B"), List.of(), List.of(), 2), nodes("A", "B"), null)).isEmpty();
    }

    @Test
    void theLastMemberIsNeverDemoted() {
        answered("A", NOW.minusSeconds(30), 10, Map.of());
        answered("B", NOW.minusSeconds(20), 10, Map.of());
        UpdateTopology decision = decide(record(List.of("A", "B"), List.of(), List.of(), 2), nodes("A", "B"), null)
                .orElseThrow();
        assertThat(decision.members()).containsExactly("B");
        assertThat(decision.rehabs()).containsExactly("A");
    }

    @Test
    void noDemotionBeforeANewLeaderHasStabilized() {
        Instant early = LEADER_SINCE.plusSeconds(3);
        answered("A", early, 10, Map.of());
        Optional<UpdateTopology> decision = TopologyDecisions.decide(record(List.of("A", "B"), List.of(), List.of(), 2),
                new TopologyDecisions.Observed(nodes("A", "B"), reports, previous, Map.of(), early, LEADER_SINCE, null),
                SETTINGS);
        assertThat(decision).isEmpty();
    }

    @Test
    void aNodeNeverHeardFromCountsFromTheLeadersStart() {
        answered("A", NOW, 10, Map.of());
        Instant soon = LEADER_SINCE.plusSeconds(8);
        reports.put("A", new NodeReport("A", soon, reports.get("A").databases()));
        Optional<UpdateTopology> decision = TopologyDecisions.decide(record(List.of("A", "B"), List.of(), List.of(), 2),
                new TopologyDecisions.Observed(nodes("A", "B"), reports, previous, Map.of(), soon, LEADER_SINCE, null), SETTINGS);
        assertThat(decision).isEmpty(); // B silent 8 s since this leader started: not yet 10
    }

    @Test
    void aRehabThatCaughtUpWithEveryAnsweringMemberIsPromoted() {
        answered("A", NOW, 20, Map.of("B", 20L, "C", 20L));
        answered("B", NOW, 25, Map.of("A", 25L, "C", 25L));
        answered("C", NOW, 25, Map.of("A", 20L, "B", 25L));
        UpdateTopology decision = decide(record(List.of("A", "B"), List.of(), List.of("C"), 3), nodes("A", "B", "C"),
                null).orElseThrow();
        assertThat(decision.members()).containsExactly("A", "B", "C");
        assertThat(decision.rehabs()).isEmpty();
        assertThat(decision.reasons()).isEmpty();
    }

    @Test
    void aPromotableBehindAnyMemberWaitsWithItsStatus() {
        answered("A", NOW, 20, Map.of("C", 20L));
        answered("B", NOW, 25, Map.of("C", 24L));
        answered("C", NOW, 24, Map.of());
        UpdateTopology decision = decide(record(List.of("A", "B"), List.of("C"), List.of(), 3), nodes("A", "B", "C"),
                null).orElseThrow();
        assertThat(decision.members()).containsExactly("A", "B");
        assertThat(decision.promotables()).containsExactly("C");
        assertThat(decision.reasons()).containsEntry("C", TopologyDecisions.NOT_CAUGHT_UP);
    }

    @Test
    void underSteadyWritesWhatAMemberHadAtThePreviousSampleIsEnough() {
        previous.put("A", new NodeReport("A", NOW.minusMillis(500), Map.of("db", new DatabaseReport(true, 40, Map.of()))));
        answered("A", NOW, 45, Map.of("C", 41L));
        answered("C", NOW, 41, Map.of());
        UpdateTopology decision = decide(record(List.of("A"), List.of("C"), List.of(), 2), nodes("A", "C"), null)
                .orElseThrow();
        assertThat(decision.members()).containsExactly("A", "C");

        previous.put("A", new NodeReport("A", NOW.minusMillis(500), Map.of("db", new DatabaseReport(true, 42, Map.of()))));
        UpdateTopology behind = decide(record(List.of("A"), List.of("C"), List.of(), 2), nodes("A", "C"), null)
                .orElseThrow();
        assertThat(behind.members()).containsExactly("A");
    }

    @Test
    void aSilentPromotableIsNotResponding() {
        answered("A", NOW, 20, Map.of("C", 20L));
        UpdateTopology decision = decide(record(List.of("A"), List.of("C"), List.of(), 2), nodes("A", "C"), null)
                .orElseThrow();
        assertThat(decision.promotables()).containsExactly("C");
        assertThat(decision.reasons()).containsEntry("C", TopologyDecisions.NOT_RESPONDING);
    }

    @Test
    void aPromotableIsNotPromotedWithoutAnAnsweringMemberToCompareWith() {
        answered("C", NOW, 0, Map.of());
        UpdateTopology decision = decide(record(List.of("A"), List.of("C"), List.of(), 2), nodes("A", "C"), null)
                .orElseThrow();
        assertThat(decision.members()).containsExactly("A");
        assertThat(decision.reasons()).containsEntry("C", TopologyDecisions.NOT_CAUGHT_UP);
    }

    @Test
    void belowTheReplicationFactorForLongEnoughANewInstanceGoesToALiveNode() {
        answered("A", NOW, 5, Map.of());
        answered("B", NOW.minusSeconds(11), 5, Map.of());
        answered("D", NOW, 0, Map.of());
        reports.put("E", new NodeReport("E", NOW.minusSeconds(30), Map.of()));
        DatabaseRecord record = record(List.of("A"), List.of(), List.of("B"), 2);
        assertThat(decide(record, nodes("A", "B", "D", "E"), NOW.minusSeconds(59))).isEmpty();
        UpdateTopology decision = decide(record, nodes("A", "B", "D", "E"), NOW.minusSeconds(61)).orElseThrow();
        assertThat(decision.promotables()).containsExactly("D"); // E is dead, B already holds it
        assertThat(decision.reasons()).containsEntry("D", "WaitingForFirstPromotion");
    }

    @Test
    void nothingChangesWhenAllIsWell() {
        answered("A", NOW, 9, Map.of("B", 9L));
        answered("B", NOW, 9, Map.of("A", 9L));
        assertThat(decide(record(List.of("A", "B"), List.of(), List.of(), 2), nodes("A", "B"), null)).isEmpty();
    }
}
