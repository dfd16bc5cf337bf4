package dev.muninn.node.cluster.commands;

import dev.muninn.node.cluster.OngoingTaskType;

/** Disables or enables an ongoing task (the client's {@code ToggleOngoingTaskStateOperation}); it keeps its id. */
public record ToggleOngoingTask(String database, OngoingTaskType taskType, long taskId, boolean disable)
        implements ClusterCommand {
    @Override
    public CommandResult applyTo(StateWriter state, long index) {
        return OngoingTaskLists.modify(state, index, database, taskType, taskId, task -> {
            task.put("Disabled", disable);
            return task;
        });
    }
}
