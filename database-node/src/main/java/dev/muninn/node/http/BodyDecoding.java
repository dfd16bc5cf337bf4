package dev.muninn.node.http;

import java.util.Locale;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.compression.Brotli;
import io.netty.handler.codec.compression.BrotliDecoder;
import io.netty.handler.codec.compression.ZlibCodecFactory;
import io.netty.handler.codec.compression.ZlibWrapper;
import io.vertx.core.buffer.Buffer;

/**
 * Decodes a request body from its {@code Content-Encoding} as it arrives, with Netty's own decoders. The node does
 * this itself rather than in the HTTP codec because a codec that meets a body that is not in its encoding closes the
 * connection before anyone can answer (fuzzer finding F2): here that is a 400 naming the encoding, and an encoding
 * the node does not know is a 415 rather than a body taken as it is.
 */
final class BodyDecoding {
    /** The body is not in the encoding its header names. */
    static final class UndecodableBodyException extends Exception {
        UndecodableBodyException(String message) {
            super(message);
        }
    }

    private final String encoding;
    /** Null for a body sent as it is. */
    private final EmbeddedChannel decoder;

    private BodyDecoding(String encoding, EmbeddedChannel decoder) {
        this.encoding = encoding;
        this.decoder = decoder;
    }

    /** Whether a {@code Content-Encoding} header says the body is sent as it is (absent, empty or identity). */
    static boolean isIdentity(String contentEncoding) {
        String encoding = normalized(contentEncoding);
        return encoding.isEmpty() || encoding.equals("identity");
    }

    private static String normalized(String contentEncoding) {
        return contentEncoding == null ? "" : contentEncoding.trim().toLowerCase(Locale.ROOT);
    }

    /** The decoding for a {@code Content-Encoding} header (null or empty: none); empty when the node has none. */
    static java.util.Optional<BodyDecoding> of(String contentEncoding) {
        if (isIdentity(contentEncoding)) {
            return java.util.Optional.of(new BodyDecoding("identity", null));
        }
        String encoding = normalized(contentEncoding);
        return java.util.Optional.ofNullable(switch (encoding) {
            case "gzip", "x-gzip" -> new BodyDecoding(encoding,
                    new EmbeddedChannel(ZlibCodecFactory.newZlibDecoder(ZlibWrapper.GZIP)));
            // "deflate" is meant to be zlib-wrapped, but some clients send a raw deflate stream: take either.
            case "deflate", "x-deflate" -> new BodyDecoding(encoding,
                    new EmbeddedChannel(ZlibCodecFactory.newZlibDecoder(ZlibWrapper.ZLIB_OR_NONE)));
            case "br" -> Brotli.isAvailable() ? new BodyDecoding(encoding, new EmbeddedChannel(new BrotliDecoder()))
                    : null;
            default -> null;
        });
    }

    /** The encodings {@link #of} knows, for error messages. */
    static String supported() {
        return Brotli.isAvailable() ? "gzip, deflate, br or none" : "gzip, deflate or none";
    }

    /** The decoded bytes of the next chunk of the body (maybe none yet). */
    Buffer decode(Buffer chunk) throws UndecodableBodyException {
        if (decoder == null) {
            return chunk;
        }
        try {
            decoder.writeInbound(Unpooled.wrappedBuffer(chunk.getBytes()));
        } catch (RuntimeException notEncoded) {
            close();
            throw new UndecodableBodyException("The request body is not valid " + encoding + " (its Content-Encoding): "
                    + notEncoded.getMessage());
        }
        return drain();
    }

    /** The last decoded bytes once the whole body arrived. */
    Buffer finish() throws UndecodableBodyException {
        if (decoder == null) {
            return Buffer.buffer();
        }
        try {
            decoder.finish();
        } catch (RuntimeException notEncoded) {
            close();
            throw new UndecodableBodyException("The request body is not valid " + encoding + " (its Content-Encoding): "
                    + notEncoded.getMessage());
        }
        return drain();
    }

    private Buffer drain() {
        Buffer decoded = Buffer.buffer();
        for (ByteBuf piece = decoder.readInbound(); piece != null; piece = decoder.readInbound()) {
            try {
                decoded.appendBytes(ByteBufUtil.getBytes(piece));
            } finally {
                piece.release();
            }
        }
        return decoded;
    }

    /** Frees the decoder's buffers (a body given up on before its end). */
    void close() {
        if (decoder != null) {
            try {
                decoder.finishAndReleaseAll();
            } catch (RuntimeException alreadyReported) {
                // Closing makes the decoder try the bytes it holds once more, and fail on them once more.
            }
        }
    }
}
