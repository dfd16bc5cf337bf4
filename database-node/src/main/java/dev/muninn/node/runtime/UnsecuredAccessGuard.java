package dev.muninn.node.runtime;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;

import dev.muninn.node.config.NodeSettings;
import dev.muninn.node.security.UnsecuredAccess;
import io.quarkus.runtime.Startup;

/**
 * Refuses to start a node that would listen, without a certificate, where {@code Security.UnsecuredAccessAllowed}
 * does not allow clients (ADR 0020): it says why in one line and exits with status 2 before anything is opened.
 * Runs before {@link NodeRuntime}.
 */
@Startup(1)
@ApplicationScoped
public class UnsecuredAccessGuard {

    private final NodeSettings settings;

    public UnsecuredAccessGuard(NodeSettings settings) {
        this.settings = settings;
    }

    @PostConstruct
    void check() {
        if (settings.secured()) {
            return; // every client proves who it is with a certificate (NodeSecurity)
        }
        if (settings.certificateFiles().isPresent()) {
            refuse(List.of(dev.muninn.node.security.CertificateFiles.PATH + " is set but " + NodeSettings.SERVER_URL
                    + " (" + settings.serverUri() + ") is not https: use an https ServerUrl to serve with the "
                    + "certificate, or remove the setting."));
            return;
        }
        List<String> refusals = new ArrayList<>();
        UnsecuredAccess access;
        try {
            access = settings.unsecuredAccess();
        } catch (IllegalArgumentException e) {
            refuse(List.of(e.getMessage()));
            return;
        }
        listening(access, "ServerUrl", settings.serverUri().toString(), settings.httpBindHost(), refusals);
        String raft = settings.raftAddress();
        listening(access, "ServerUrl.Tcp", raft, raft.substring(0, raft.lastIndexOf(':')), refusals);
        if (!refusals.isEmpty()) {
            refuse(refusals);
        }
    }

    private static void listening(UnsecuredAccess access, String setting, String configured, String host,
                                  List<String> refusals) {
        try {
            InetAddress address = InetAddress.getByName(host.replace("[", "").replace("]", ""));
            access.refusalToListen(setting, configured, address).ifPresent(refusals::add);
        } catch (UnknownHostException e) {
            // the listener itself fails with the name it cannot resolve
        }
    }

    private static void refuse(List<String> reasons) {
        StartupRefusal.refuse(reasons);
    }
}
