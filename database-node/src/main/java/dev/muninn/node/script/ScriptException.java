package dev.muninn.node.script;

/** A script failed: it did not parse, it threw, or it went over its limits. */
public final class ScriptException extends RuntimeException {
    public enum Kind { SYNTAX, RUNTIME, TIMEOUT, TOO_LARGE }

    private final Kind kind;

    public ScriptException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public ScriptException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
