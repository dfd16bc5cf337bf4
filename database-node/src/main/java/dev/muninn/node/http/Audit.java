package dev.muninn.node.http;

import org.jboss.logging.Logger;

/**
 * The audit trail, under its own logger ({@code muninn.audit}) so it can be routed apart: one line per refused
 * request and per admin action, with the client certificate's thumbprint.
 */
final class Audit {
    private static final Logger LOG = Logger.getLogger("muninn.audit");

    private Audit() {
    }

    static void refused(String node, String method, String uri, String required, String thumbprint, String reason) {
        LOG.warnf("node=%s event=access-refused method=%s path=\"%s\" required=%s certificate=%s reason=\"%s\"", node,
                method, quoted(uri), required, thumbprint == null ? "none" : thumbprint, quoted(reason));
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
