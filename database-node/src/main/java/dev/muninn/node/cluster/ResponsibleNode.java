package dev.muninn.node.cluster;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Which member runs an ongoing task: its mentor node while that is a member, otherwise one member chosen by the
 * task id over the members in tag order (not preferred order, which moves with reachability). A member the
 * supervisor demotes is no longer a member, so its tasks move to another one; every node computes the same answer
 * from the same record.
 */
public final class ResponsibleNode {
    private ResponsibleNode() {
    }

    /**
     * The responsible node of a task as the client configured it ({@code TaskId}, optional {@code MentorNode}); a
     * task pinned to its mentor ({@code PinToMentorNode}) has none while the mentor is not a member: it waits for
     * its mentor rather than run elsewhere.
     */
    public static Optional<String> ofTask(DatabaseRecord record, com.fasterxml.jackson.databind.JsonNode task) {
        String mentor = task.path("MentorNode").isTextual() && !task.path("MentorNode").asText().isBlank()
                ? task.path("MentorNode").asText() : null;
        if (mentor != null && task.path("PinToMentorNode").asBoolean(false) && !record.members().contains(mentor)) {
            return Optional.empty();
        }
        return of(record, task.path("TaskId").asLong(), mentor);
    }

    public static Optional<String> of(DatabaseRecord record, long taskId, String mentor) {
        if (mentor != null && record.members().contains(mentor)) {
            return Optional.of(mentor);
        }
        if (record.members().isEmpty()) {
            return Optional.empty();
        }
        List<String> members = new ArrayList<>(record.members());
        Collections.sort(members);
        return Optional.of(members.get((int) Math.floorMod(Long.hashCode(taskId) * 31L, (long) members.size())));
    }
}
