package dev.muninn.node.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.documents.Json;

/**
 * Cuts a bulk insert's body, as it arrives in chunks, into its commands: a JSON array of objects ({@code
 * {"Id":..,"Type":"PUT","Document":{..}}}, {@code {"Type":"HeartBeat"}}), where an {@code AttachmentPUT} object is
 * followed by {@code ContentLength} raw bytes of its content. Only the command being read is held: its bytes are
 * collected while brackets and strings are tracked, then parsed alone. The RavenDB clients write this format
 * (BulkInsertOperation); anything else is a {@link BulkInsertProtocolException} naming the offset.
 */
final class BulkInsertStream {
    /** The body is not the bulk insert format. */
    static final class BulkInsertProtocolException extends RuntimeException {
        BulkInsertProtocolException(String message) {
            super(message);
        }
    }

    /** Receives each command as it completes; {@code content} is an attachment's bytes, else null. */
    interface Commands {
        void command(ObjectNode command, byte[] content);
    }

    private enum State { BEFORE_ARRAY, EXPECT_OBJECT_OR_END, EXPECT_COMMA_OR_END, EXPECT_OBJECT, OBJECT, CONTENT, END }

    private final Commands commands;
    private final long maxCommandBytes;
    private final long maxContentBytes;
    private State state = State.BEFORE_ARRAY;
    private final ByteArrayOutputStream current = new ByteArrayOutputStream();
    private int depth;
    private boolean inString;
    private boolean escaped;
    private long offset;
    private ObjectNode attachment;
    private byte[] content;
    private int contentFilled;

    BulkInsertStream(Commands commands, long maxCommandBytes, long maxContentBytes) {
        this.commands = commands;
        this.maxCommandBytes = maxCommandBytes;
        this.maxContentBytes = maxContentBytes;
    }

    void feed(byte[] bytes) {
        int i = 0;
        while (i < bytes.length) {
            if (state == State.CONTENT) {
                int take = Math.min(bytes.length - i, content.length - contentFilled);
                System.arraycopy(bytes, i, content, contentFilled, take);
                contentFilled += take;
                i += take;
                offset += take;
                if (contentFilled == content.length) {
                    ObjectNode command = attachment;
                    byte[] done = content;
                    attachment = null;
                    content = null;
                    state = State.EXPECT_COMMA_OR_END;
                    commands.command(command, done);
                }
                continue;
            }
            byte b = bytes[i++];
            offset++;
            if (state == State.OBJECT) {
                inObject(b);
            } else {
                between(b);
            }
        }
    }

    /** Whether the closing ']' has been read: every command is known, whether or not the body has ended. */
    boolean complete() {
        return state == State.END;
    }

    /** The body ended: it must have ended its array. */
    void finish() {
        if (state != State.END) {
            throw new BulkInsertProtocolException("The bulk insert stream ended at byte " + offset + " before its "
                    + "closing ']'" + (state == State.CONTENT ? " (inside an attachment's content)" : ""));
        }
    }

    private void between(byte b) {
        if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
            return;
        }
        switch (state) {
            case BEFORE_ARRAY -> expect(b == '[', b, "'['", State.EXPECT_OBJECT_OR_END);
            case EXPECT_OBJECT_OR_END, EXPECT_OBJECT -> {
                if (b == ']' && state == State.EXPECT_OBJECT_OR_END) {
                    state = State.END;
                } else {
                    expect(b == '{', b, state == State.EXPECT_OBJECT ? "'{'" : "'{' or ']'", State.OBJECT);
                    startObject();
                }
            }
            case EXPECT_COMMA_OR_END -> {
                if (b == ']') {
                    state = State.END;
                } else {
                    expect(b == ',', b, "',' or ']'", State.EXPECT_OBJECT);
                }
            }
            case END -> throw new BulkInsertProtocolException("Unexpected '" + (char) b + "' at byte " + offset
                    + " after the bulk insert's closing ']'");
            default -> throw new IllegalStateException(state.name());
        }
    }

    private void expect(boolean matches, byte found, String expected, State next) {
        if (!matches) {
            throw new BulkInsertProtocolException("Expected " + expected + " at byte " + offset + " of the bulk "
                    + "insert stream, found '" + (char) found + "'");
        }
        state = next;
    }

    private void startObject() {
        current.reset();
        current.write('{');
        depth = 1;
        inString = false;
        escaped = false;
    }

    private void inObject(byte b) {
        if (current.size() >= maxCommandBytes) {
            throw new BulkInsertProtocolException("A bulk insert command at byte " + offset + " is larger than "
                    + maxCommandBytes + " bytes (Limits.MaxDocumentSizeInMb)");
        }
        current.write(b);
        if (inString) {
            if (escaped) {
                escaped = false;
            } else if (b == '\\') {
                escaped = true;
            } else if (b == '"') {
                inString = false;
            }
            return;
        }
        if (b == '"') {
            inString = true;
        } else if (b == '{' || b == '[') {
            depth++;
        } else if ((b == '}' || b == ']') && --depth == 0) {
            completeObject();
        }
    }

    private void completeObject() {
        JsonNode parsed;
        try {
            parsed = Json.MAPPER.readTree(current.toByteArray());
        } catch (IOException e) {
            throw new BulkInsertProtocolException("The bulk insert command ending at byte " + offset + " is not JSON: "
                    + e.getMessage());
        }
        if (!(parsed instanceof ObjectNode command)) {
            throw new BulkInsertProtocolException("A bulk insert command must be a JSON object (byte " + offset + ")");
        }
        current.reset();
        if ("AttachmentPUT".equals(command.path("Type").asText())) {
            JsonNode length = command.get("ContentLength");
            if (length == null || !length.canConvertToLong() || length.asLong() < 0) {
                throw new BulkInsertProtocolException("An AttachmentPUT needs its ContentLength (bytes that follow "
                        + "it), at byte " + offset);
            }
            if (length.asLong() > maxContentBytes) {
                throw new BulkInsertProtocolException("Attachment '" + command.path("Name").asText() + "' of "
                        + command.path("Id").asText() + " is larger than the limit of " + maxContentBytes
                        + " bytes (Limits.MaxAttachmentSizeInMb)");
            }
            attachment = command;
            content = new byte[(int) length.asLong()];
            contentFilled = 0;
            state = State.CONTENT;
            if (content.length == 0) {
                ObjectNode done = attachment;
                attachment = null;
                content = null;
                state = State.EXPECT_COMMA_OR_END;
                commands.command(done, new byte[0]);
            }
            return;
        }
        state = State.EXPECT_COMMA_OR_END;
        commands.command(command, null);
    }
}
