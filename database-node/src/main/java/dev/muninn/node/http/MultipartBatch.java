package dev.muninn.node.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.stream.EntityState;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.stream.MimeTokenStream;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.http.errors.InvalidRequestException;

/**
 * A batch with attachments, as the client sends it: a multipart body whose first part is the JSON batch and whose
 * following parts are the attachment streams, in the order of the AttachmentPUT commands. Parsed as a stream by
 * mime4j; each attachment is read whole, up to {@code maxAttachmentBytes}.
 */
record MultipartBatch(ObjectNode batch, List<byte[]> streams) {

    static MultipartBatch parse(InputStream body, String contentType, long maxAttachmentBytes) {
        MimeTokenStream parts = new MimeTokenStream(MimeConfig.PERMISSIVE);
        parts.parseHeadless(body, contentType);
        ObjectNode batch = null;
        List<byte[]> streams = new ArrayList<>();
        boolean gzipped = false;
        try {
            for (EntityState state = parts.getState(); state != EntityState.T_END_OF_STREAM; state = parts.next()) {
                if (state == EntityState.T_START_BODYPART) {
                    gzipped = false;
                } else if (state == EntityState.T_FIELD) {
                    gzipped |= parts.getField().getName().equalsIgnoreCase("Content-Encoding")
                            && parts.getField().getBody().trim().toLowerCase(Locale.ROOT).contains("gzip");
                } else if (state == EntityState.T_BODY) {
                    InputStream part = gzipped ? new GZIPInputStream(parts.getDecodedInputStream())
                            : parts.getDecodedInputStream();
                    if (batch == null) {
                        batch = Bodies.object(part, "The batch (first part of the multipart body)");
                    } else {
                        streams.add(readAtMost(part, maxAttachmentBytes, streams.size() + 1));
                    }
                }
            }
        } catch (MimeException | IOException e) {
            throw new InvalidRequestException("The multipart batch body is malformed: " + e.getMessage());
        }
        if (batch == null) {
            throw new InvalidRequestException("The multipart batch body has no parts");
        }
        return new MultipartBatch(batch, streams);
    }

    private static byte[] readAtMost(InputStream part, long max, int number) throws IOException {
        byte[] bytes = part.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        if (bytes.length > max) {
            throw new InvalidRequestException("Attachment stream #" + number + " is larger than the limit "
                    + "(Limits.MaxAttachmentSizeInMb): " + max + " bytes");
        }
        return bytes;
    }
}
