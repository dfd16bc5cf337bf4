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
                method, uri, required, thumbprint == null ? "none" : thumbprint, reason.replace('"', '\''));
    }

    static void adminAction(String node, String method, String uri, String required, String thumbprint,
                            String name) {
        LOG.infof("node=%s event=admin-action method=%s path=\"%s\" required=%s certificate=%s name=\"%s\"", node,
                method, uri, required, thumbprint == null ? "none" : thumbprint, name == null ? "" : name);
    }
}
