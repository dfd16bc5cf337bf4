package dev.muninn.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Which member runs a task: its mentor, else a stable choice by task id; a pinned task waits for its mentor. */
class ResponsibleNodeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static DatabaseRecord record(String... members) {
        return new DatabaseRecord("db", List.of(members), List.of(), List.of(), Map.of(), members.length, false, "t", 1,
                JSON.createObjectNode());
    }

    private static ObjectNode task(long id, String mentor, boolean pinned) {
        ObjectNode task = JSON.createObjectNode().put("TaskId", id).put("PinToMentorNode", pinned);
        if (mentor != null) {
            task.put("MentorNode", mentor);
        }
        return task;
    }

    @Test
    void theMentorRunsItWhileItIsAMember() {
        assertThat(ResponsibleNode.ofTask(record("A", "B", "C"), task(5, "B", false))).contains("B");
        assertThat(ResponsibleNode.ofTask(record("A", "B", "C"), task(5, "B", true))).contains("B");
    }

    @Test
    void anUnpinnedTaskMovesWhenItsMentorIsGoneAndAPinnedOneWaits() {
        assertThat(ResponsibleNode.ofTask(record("A", "C"), task(5, "B", false))).get().isIn("A", "C");
        assertThat(ResponsibleNode.ofTask(record("A", "C"), task(5, "B", true))).isEmpty();
    }

    @Test
    void withoutAMentorTheChoiceIsStableAndSpreadsTasksOverMembers() {
        DatabaseRecord record = record("C", "A", "B");
        Set<String> chosen = LongStream.rangeClosed(1, 30)
                .mapToObj(id -> ResponsibleNode.ofTask(record, task(id, null, false)).orElseThrow())
                .collect(Collectors.toSet());
        assertThat(chosen).containsExactlyInAnyOrder("A", "B", "C");
        assertThat(ResponsibleNode.ofTask(record, task(17, null, false)))
                .isEqualTo(ResponsibleNode.ofTask(record("A", "B", "C"), task(17, null, false)));
        assertThat(ResponsibleNode.ofTask(record(), task(17, null, false))).isEmpty();
    }
}
