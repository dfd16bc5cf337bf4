package dev.muninn.node.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import net.ravendb.client.documents.operations.GetOngoingTaskInfoOperation;
import net.ravendb.client.documents.operations.backups.LocalSettings;
import net.ravendb.client.documents.operations.backups.PeriodicBackupConfiguration;
import net.ravendb.client.documents.operations.backups.UpdatePeriodicBackupOperation;
import net.ravendb.client.documents.operations.backups.UpdatePeriodicBackupOperationResult;
import net.ravendb.client.documents.operations.ongoingTasks.DeleteOngoingTaskOperation;
import net.ravendb.client.documents.operations.ongoingTasks.OngoingTaskBackup;
import net.ravendb.client.documents.operations.ongoingTasks.OngoingTaskState;
import net.ravendb.client.documents.operations.ongoingTasks.OngoingTaskType;
import net.ravendb.client.documents.operations.ongoingTasks.ToggleOngoingTaskStateOperation;
import net.ravendb.client.serverwide.operations.ModifyOngoingTaskResult;

/** Ongoing tasks through the official client: listed, read by id and name, disabled and enabled, deleted. */
@QuarkusTest
class OngoingTasksClientTest extends ClientTestBase {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private long addBackupTask(String name) throws Exception {
        PeriodicBackupConfiguration configuration = new PeriodicBackupConfiguration();
        configuration.setName(name);
        // Far in the future: the task exists but never runs during the test.
        configuration.setFullBackupFrequency("0 0 1 1 *");
        LocalSettings local = new LocalSettings();
        local.setFolderPath(Files.createTempDirectory("ongoing-tasks").toString());
        configuration.setLocalSettings(local);
        UpdatePeriodicBackupOperationResult result = fixture.store().maintenance()
                .send(new UpdatePeriodicBackupOperation(configuration));
        return result.getTaskId();
    }

    private OngoingTaskBackup info(long taskId) {
        return (OngoingTaskBackup) fixture.store().maintenance()
                .send(new GetOngoingTaskInfoOperation(taskId, OngoingTaskType.BACKUP));
    }

    private HttpResponse<String> raw(String method, String pathAndQuery) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(ClientFixture.URL + "/databases/" + fixture.database()
                + pathAndQuery)).method(method, HttpRequest.BodyPublishers.noBody()).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyTaskIsListedAndReadableByIdAndByName() throws Exception {
        long nightly = addBackupTask("nightly");
        long hourly = addBackupTask("hourly");

        JsonNode list = JSON.readTree(raw("GET", "/tasks").body());
        assertThat(list.path("OngoingTasks")).hasSize(2);
        assertThat(list.path("OngoingTasks").findValuesAsText("TaskName")).containsExactlyInAnyOrder("nightly", "hourly");
        assertThat(list.path("OngoingTasks").findValuesAsText("TaskType")).containsOnly("Backup");

        OngoingTaskBackup byId = info(hourly);
        assertThat(byId.getTaskName()).isEqualTo("hourly");
        assertThat(byId.getTaskState()).isEqualTo(OngoingTaskState.ENABLED);
        assertThat(byId.getBackupDestinations()).containsExactly("Local");
        assertThat(byId.getResponsibleNode().getNodeTag()).isEqualTo("A");
        // "0 0 1 1 *": next New Year's midnight, UTC, a full backup.
        assertThat(byId.getNextBackup().isFull()).isTrue();
        java.time.ZonedDateTime newYear = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusYears(1)
                .withDayOfYear(1).truncatedTo(java.time.temporal.ChronoUnit.DAYS);
        assertThat(byId.getNextBackup().getDateTime().toInstant()).isEqualTo(newYear.toInstant());
        assertThat(byId.getNextBackup().getTimeSpan()).isPositive();

        OngoingTaskBackup byName = (OngoingTaskBackup) fixture.store().maintenance()
                .send(new GetOngoingTaskInfoOperation("nightly", OngoingTaskType.BACKUP));
        assertThat(byName.getTaskId()).isEqualTo(nightly);
        assertThat(fixture.store().maintenance().send(new GetOngoingTaskInfoOperation(nightly + 1000,
                OngoingTaskType.BACKUP))).isNull();
    }

    @Test
    void aDisabledTaskStaysDisabledUntilEnabledAgain() throws Exception {
        long taskId = addBackupTask("toggled");

        ModifyOngoingTaskResult disabled = fixture.store().maintenance()
                .send(new ToggleOngoingTaskStateOperation(taskId, OngoingTaskType.BACKUP, true));
        assertThat(disabled.getTaskId()).isEqualTo(taskId);
        assertThat(disabled.getRaftCommandIndex()).isPositive();
        assertThat(info(taskId).getTaskState()).isEqualTo(OngoingTaskState.DISABLED);
        assertThat(info(taskId).getTaskConnectionStatus().name()).isEqualTo("NOT_ON_THIS_NODE");

        fixture.store().maintenance().send(new ToggleOngoingTaskStateOperation(taskId, OngoingTaskType.BACKUP, false));
        assertThat(info(taskId).getTaskState()).isEqualTo(OngoingTaskState.ENABLED);
        assertThat(info(taskId).getTaskName()).isEqualTo("toggled");
    }

    @Test
    void aDeletedTaskIsGoneAndTheOthersStay() throws Exception {
        long kept = addBackupTask("kept");
        long deleted = addBackupTask("deleted");

        ModifyOngoingTaskResult result = fixture.store().maintenance()
                .send(new DeleteOngoingTaskOperation(deleted, OngoingTaskType.BACKUP));
        assertThat(result.getTaskId()).isEqualTo(deleted);
        assertThat(info(deleted)).isNull();
        assertThat(info(kept).getTaskName()).isEqualTo("kept");
        assertThat(JSON.readTree(raw("GET", "/tasks").body()).path("OngoingTasks")).hasSize(1);
    }

    @Test
    void unknownTasksAndBadParametersAreRejectedWithTheReason() throws Exception {
        long taskId = addBackupTask("present");

        assertThatThrownBy(() -> fixture.store().maintenance()
                .send(new ToggleOngoingTaskStateOperation(taskId + 1000, OngoingTaskType.BACKUP, true)))
                .hasMessageContaining("has no Backup task with id " + (taskId + 1000));
        assertThatThrownBy(() -> fixture.store().maintenance()
                .send(new DeleteOngoingTaskOperation(taskId + 1000, OngoingTaskType.BACKUP)))
                .hasMessageContaining("has no Backup task");

        HttpResponse<String> badType = raw("POST", "/admin/tasks/state?key=" + taskId + "&type=Etl&disable=true");
        assertThat(badType.statusCode()).isEqualTo(400);
        assertThat(badType.body()).contains("'type' must be one of Backup, Replication");
        HttpResponse<String> badDisable = raw("POST", "/admin/tasks/state?key=" + taskId + "&type=Backup&disable=yes");
        assertThat(badDisable.statusCode()).isEqualTo(400);
        assertThat(badDisable.body()).contains("'disable' must be true or false");
        HttpResponse<String> badId = raw("DELETE", "/admin/tasks?id=abc&type=Backup");
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(badId.body()).contains("'id' must be a task id");
        assertThat(info(taskId).getTaskState()).isEqualTo(OngoingTaskState.ENABLED);
    }
}
