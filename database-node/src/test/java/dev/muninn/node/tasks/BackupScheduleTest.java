package dev.muninn.node.tasks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

class BackupScheduleTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant NOW = Instant.parse("2026-12-03T10:28:20Z");

    static ObjectNode task(String full, String incremental) {
        ObjectNode task = JSON.createObjectNode();
        task.put("FullBackupFrequency", full);
        task.put("IncrementalBackupFrequency", incremental);
        return task;
    }

    static ObjectNode status(String node, String lastFull, String lastIncremental) {
        ObjectNode status = JSON.createObjectNode();
        status.put("NodeTag", node);
        status.put("LastFullBackup", lastFull);
        if (lastIncremental != null) {
            status.put("LastIncrementalBackup", lastIncremental);
        }
        return status;
    }

    @Test
    void aTaskThatNeverRanBacksUpInFullAtOnce() {
        assertThat(BackupSchedule.due(task("0 2 * * *", ""), JSON.createObjectNode(), NOW, "A"))
                .contains(BackupSchedule.Kind.FULL);
    }

    @Test
    void fullAndIncrementalFollowTheirFrequencies() {
        ObjectNode task = task("0 2 * * *", "*/10 * * * *");
        assertThat(BackupSchedule.due(task, status("A", "2026-12-03T02:00:00.0000000Z", "2026-12-03T10:20:00.0000000Z"),
                NOW, "A")).isEmpty();
        assertThat(BackupSchedule.due(task, status("A", "2026-12-03T02:00:00.0000000Z", "2026-12-03T10:10:00.0000000Z"),
                NOW, "A")).contains(BackupSchedule.Kind.INCREMENTAL);
        assertThat(BackupSchedule.due(task, status("A", "2026-12-02T02:00:00.0000000Z", "2026-12-03T10:20:00.0000000Z"),
                NOW, "A")).contains(BackupSchedule.Kind.FULL);
    }

    @Test
    void anotherNodeContinuesTheScheduleWithAFullBackup() {
        ObjectNode task = task("0 2 * * *", "*/10 * * * *");
        ObjectNode ranOnA = status("A", "2026-12-03T02:00:00.0000000Z", "2026-12-03T10:10:00.0000000Z");
        assertThat(BackupSchedule.due(task, ranOnA, NOW, "B")).contains(BackupSchedule.Kind.FULL);
        ObjectNode notDue = status("A", "2026-12-03T02:00:00.0000000Z", "2026-12-03T10:20:00.0000000Z");
        assertThat(BackupSchedule.due(task, notDue, NOW, "B")).as("no gap, but no extra run either").isEmpty();
    }

    @Test
    void aFailedRunIsRetriedAfterTheRetryDelayAndADisabledTaskNeverRuns() {
        ObjectNode status = JSON.createObjectNode();
        status.putObject("Error").put("Exception", "disk full").put("At", "2026-12-03T10:28:00.0000000Z");
        assertThat(BackupSchedule.due(task("0 2 * * *", ""), status, NOW, "A")).isEmpty();
        assertThat(BackupSchedule.due(task("0 2 * * *", ""), status, NOW.plusSeconds(15), "A"))
                .contains(BackupSchedule.Kind.FULL);
        ObjectNode disabled = task("0 2 * * *", "");
        disabled.put("Disabled", true);
        assertThat(BackupSchedule.due(disabled, JSON.createObjectNode(), NOW, "A")).isEmpty();
    }
}
