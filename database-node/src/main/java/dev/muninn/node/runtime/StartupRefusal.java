package dev.muninn.node.runtime;

import java.util.List;

import org.jboss.logging.Logger;

/**
 * A node whose settings cannot be served safely stops before it opens anything: one line saying why
 * ({@code event=refused-to-start}), exit status 2, no stack trace.
 */
public final class StartupRefusal {
    private static final Logger LOG = Logger.getLogger(StartupRefusal.class);
    static final int EXIT_CODE = 2;

    private StartupRefusal() {
    }

    public static void refuse(List<String> reasons) {
        LOG.errorf("event=refused-to-start reason=\"%s\"", String.join(" ", reasons));
        System.err.flush();
        Runtime.getRuntime().halt(EXIT_CODE);
    }
}
