package dev.muninn.node.http.errors;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;

import org.jboss.logging.Logger;

/**
 * How requests that did not succeed reach the log (issue 15): a refused request (4xx, or a 503 the client fails over
 * on) as one INFO line with its status, route and reason; a failure of the node (500) at ERROR with its stack trace;
 * a client that hung up at DEBUG, since nothing is wrong with the node. Each kind is throttled.
 */
public final class RequestOutcomeLog {
    private static final Logger LOG = Logger.getLogger(RequestOutcomeLog.class);
    private static final int MAX_REASON_CHARS = 300;
    private static final ThrottledLog THROTTLE = new ThrottledLog();
    private static volatile java.util.function.Supplier<String> nodeTag = () -> "?";

    private RequestOutcomeLog() {
    }

    static void identifyNode(java.util.function.Supplier<String> tag) {
        nodeTag = tag;
    }

    static void refused(int status, String type, String url, String reason) {
        ThrottledLog.Decision decision = THROTTLE.admit(status + " " + type);
        reportSuppressed(decision, "request-refused status=" + status + " type=" + type);
        if (decision.write()) {
            LOG.infof("node=%s db=%s event=request-refused status=%d type=%s url=%s reason=\"%s\"", nodeTag.get(),
                    database(url), status, type, clean(url), clean(reason));
        }
    }

    static void failed(Throwable e, String url) {
        ThrottledLog.Decision decision = THROTTLE.admit("500 " + e.getClass().getName());
        reportSuppressed(decision, "request-failed exception=" + e.getClass().getName());
        if (decision.write()) {
            LOG.errorf(e, "node=%s db=%s event=request-failed url=%s", nodeTag.get(), database(url), clean(url));
        }
    }

    static void clientGone(Throwable e, String url) {
        if (LOG.isDebugEnabled()) {
            LOG.debugf("node=%s db=%s event=client-disconnected url=%s cause=\"%s\"", nodeTag.get(), database(url),
                    clean(url), clean(String.valueOf(e)));
        }
    }

    /**
     * Whether {@code e} says the client closed the connection (or it broke) while the request was read or answered.
     * Vert.x and Netty report that in several shapes; none of them is the node's fault.
     */
    public static boolean isClientGone(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ClosedChannelException
                    || cause.getClass().getName().equals("io.vertx.core.http.HttpClosedException")) {
                return true;
            }
            String message = cause.getMessage();
            if ((cause instanceof IOException || cause.getClass().getName().equals("io.vertx.core.VertxException"))
                    && message != null && (message.contains("Connection was closed")
                            || message.contains("Connection reset") || message.contains("Broken pipe")
                            || message.contains("closed"))) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code e} is the HTTP layer's refusal of a body over the size limit (it answered 413 already). */
    public static boolean isBodyTooLarge(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof IOException && "Request too large".equals(cause.getMessage())) {
                return true;
            }
        }
        return false;
    }

    private static void reportSuppressed(ThrottledLog.Decision decision, String kind) {
        if (decision.suppressedBefore() > 0) {
            LOG.infof("node=%s event=log-suppressed kind=\"%s\" lines=%d seconds=%d", nodeTag.get(), kind,
                    decision.suppressedBefore(), ThrottledLog.WINDOW_SECONDS);
        }
    }

    /** The database a URL names ({@code /databases/{name}/...}), or "-". */
    static String database(String url) {
        String prefix = "/databases/";
        if (url == null || !url.startsWith(prefix)) {
            return "-";
        }
        int end = url.length();
        for (int i = prefix.length(); i < url.length(); i++) {
            char c = url.charAt(i);
            if (c == '/' || c == '?') {
                end = i;
                break;
            }
        }
        return clean(url.substring(prefix.length(), end));
    }

    /** One line per event: a reason or URL from the client must not start a new line or fill the screen. */
    static String clean(String text) {
        if (text == null) {
            return "";
        }
        String single = text.replace('\r', ' ').replace('\n', ' ').replace('"', '\'');
        return single.length() <= MAX_REASON_CHARS ? single : single.substring(0, MAX_REASON_CHARS) + "...";
    }
}
