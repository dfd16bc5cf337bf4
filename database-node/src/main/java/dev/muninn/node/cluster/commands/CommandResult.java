package dev.muninn.node.cluster.commands;

import com.fasterxml.jackson.databind.JsonNode;

/** What applying a command produced: success with an optional value, or a refusal with its reason. */
public record CommandResult(boolean ok, String error, String message, long index,
                            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                            JsonNode value) {
    public static CommandResult ok(long index) {
        return new CommandResult(true, null, null, index, null);
    }

    /** Success with what the caller needs to know of the outcome (e.g. a compare-exchange's current entry). */
    public static CommandResult ok(long index, JsonNode value) {
        return new CommandResult(true, null, null, index, value);
    }

    /** A refusal with the details the caller reports (e.g. a cluster transaction's concurrency violations). */
    public static CommandResult refused(String error, String message, long index, JsonNode details) {
        return new CommandResult(false, error, message, index, details);
    }

    public static CommandResult refused(String error, String message, long index) {
        return new CommandResult(false, error, message, index, null);
    }
}
