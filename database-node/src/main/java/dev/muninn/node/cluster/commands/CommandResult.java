package dev.muninn.node.cluster.commands;

/** What applying a command produced: success with an optional value, or a refusal with its reason. */
public record CommandResult(boolean ok, String error, String message, long index) {
    public static CommandResult ok(long index) {
        return new CommandResult(true, null, null, index);
    }

    public static CommandResult refused(String error, String message, long index) {
        return new CommandResult(false, error, message, index);
    }
}
