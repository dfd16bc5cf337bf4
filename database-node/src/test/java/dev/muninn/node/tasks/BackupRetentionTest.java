package dev.muninn.node.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Retention lets whole old chains go, never the newest one; restores pick the chain up to a chosen file. */
class BackupRetentionTest {
    static final String FULL_1 = "2026-12-01-10-00-00-000" + BackupFiles.FULL;
    static final String INC_1A = "2026-12-01-11-00-00-000" + BackupFiles.INCREMENTAL;
    static final String INC_1B = "2026-12-01-12-00-00-000" + BackupFiles.INCREMENTAL;
    static final String SNAP_2 = "2026-12-02-10-00-00-000" + BackupFiles.SNAPSHOT;
    static final String INC_2A = "2026-12-02-11-00-00-000" + BackupFiles.INCREMENTAL;
    static final String FULL_3 = "2026-12-03-10-00-00-000" + BackupFiles.FULL;
    static final List<String> ALL = List.of(INC_2A, FULL_1, SNAP_2, INC_1A, FULL_3, INC_1B, "notes.txt");

    @Test
    void chainsOlderThanTheAgeGoWhole() {
        Instant now = Instant.parse("2026-12-03T12:00:00Z");
        assertThat(BackupRetention.expired(ALL, now, Duration.ofHours(30)))
                .containsExactly(FULL_1, INC_1A, INC_1B);
        assertThat(BackupRetention.expired(ALL, now, Duration.ofHours(12)))
                .containsExactly(FULL_1, INC_1A, INC_1B, SNAP_2, INC_2A);
        assertThat(BackupRetention.expired(ALL, now, Duration.ofDays(7))).isEmpty();
    }

    @Test
    void theNewestChainStaysHoweverOld() {
        Instant muchLater = Instant.parse("2027-06-01T00:00:00Z");
        assertThat(BackupRetention.expired(ALL, muchLater, Duration.ofHours(1))).doesNotContain(FULL_3)
                .hasSize(5);
        assertThat(BackupRetention.expired(List.of(FULL_1, INC_1A), muchLater, Duration.ofHours(1))).isEmpty();
    }

    @Test
    void aChainPartlyYoungerThanTheAgeIsKept() {
        // The full backup is 26.5 hours old, its last incremental 24.5: the chain is still needed for 25 hours.
        Instant now = Instant.parse("2026-12-02T12:30:00Z");
        assertThat(BackupRetention.expired(List.of(FULL_1, INC_1A, INC_1B, SNAP_2), now, Duration.ofHours(25)))
                .isEmpty();
        assertThat(BackupRetention.expired(List.of(FULL_1, INC_1A, INC_1B, SNAP_2), now, Duration.ofHours(24)))
                .containsExactly(FULL_1, INC_1A, INC_1B);
    }

    @Test
    void aRestoreStartsAtTheLastFullOrSnapshotUpToTheChosenFile() {
        assertThat(BackupFiles.chainUpTo(ALL, null)).containsExactly(FULL_3);
        assertThat(BackupFiles.chainUpTo(ALL, INC_2A)).containsExactly(SNAP_2, INC_2A);
        assertThat(BackupFiles.chainUpTo(ALL, INC_1A)).containsExactly(FULL_1, INC_1A);
        assertThat(BackupFiles.chainUpTo(ALL, "2026-11-30-00-00-00-000" + BackupFiles.FULL)).isEmpty();
        assertThat(BackupFiles.chainUpTo(List.of(INC_1A), null)).as("no chain start").isEmpty();
        assertThat(BackupFiles.takenAt(SNAP_2)).isEqualTo(Instant.parse("2026-12-02T10:00:00Z"));
    }
}
