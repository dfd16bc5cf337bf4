package dev.muninn.node.http;

import org.jboss.logging.Logger;

/**
 * The audit trail, under its own logger ({@code muninn.audit}) so it can be routed apart: one line per refused
 * request and per admin action, with the client certificate's thumbprint. Refusals are rate-limited per certificate
 * ({@link AuditRateLimit}): a caller hammering the node cannot flood the log, and the lines written say how many
 * were left out.
 */
final class Audit {
    private static final Logger LOG = Logger.getLogger("muninn.audit");

    private Audit() {
    }

    /** 20 refusal lines per certificate (or for all anonymous callers) every 10 s, per node. */
    private static final AuditRateLimit REFUSALS = new AuditRateLimit(20, 10_000_000_000L, 10_000);

    static void refused(String node, String method, String uri, String required, String thumbprint, String reason) {
        String certificate = thumbprint == null ? "none" : thumbprint;
        AuditRateLimit.Verdict verdict = REFUSALS.admit(certificate, System.nanoTime());
        if (!verdict.write()) {
            return;
        }
        LOG.warnf("node=%s event=access-refused method=%s path=\"%s\" required=%s certificate=%s reason=\"%s\"%s",
                node, method, quoted(uri), required, certificate, quoted(reason),
                verdict.leftOut() > 0 ? " left_out=" + verdict.leftOut() : "");
    }

    static void adminAction(String node, String method, String uri, String required, String thumbprint,
                            String name) {
        LOG.infof("node=%s event=admin-action method=%s path=\"%s\" required=%s certificate=%s name=\"%s\"", node,
                method, quoted(uri), required, thumbprint == null ? "none" : thumbprint, quoted(name));
    }

    /** Client-chosen text (a certificate's name, a path) must not end the line or the quotes: no forged events. */
    static String quoted(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            out.append(c == '"' ? '\'' : Character.isISOControl(c) ? '?' : c);
        }
        return out.toString();
    }
}
