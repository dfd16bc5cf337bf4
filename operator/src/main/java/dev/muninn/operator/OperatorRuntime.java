package dev.muninn.operator;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.LeaderElectionConfigurationBuilder;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import dev.muninn.nodeclient.HttpNodeAdminClient;
import dev.muninn.operator.reconcile.MuninnBackupScheduleReconciler;
import dev.muninn.operator.reconcile.MuninnClusterReconciler;
import dev.muninn.operator.reconcile.MuninnDatabaseReconciler;
import dev.muninn.operator.reconcile.MuninnBackupReconciler;
import dev.muninn.operator.reconcile.MuninnClientCertificateReconciler;
import dev.muninn.operator.reconcile.MuninnRestoreReconciler;

/**
 * java-operator-sdk inside Quarkus, wired by hand: at startup a fabric8 client (kubeconfig, or the pod's service
 * account in a cluster), the controllers, and the operator's informers; at shutdown the operator stops.
 */
@ApplicationScoped
public class OperatorRuntime {
    static final String WATCH_NAMESPACES = "MUNINN_OPERATOR_WATCH_NAMESPACES";
    /** The Lease (in POD_NAMESPACE, or the pod's own namespace) that elects the one active operator; none: no election. */
    static final String LEASE_NAME = "MUNINN_OPERATOR_LEASE_NAME";
    private static final Logger LOG = Logger.getLogger(OperatorRuntime.class);

    private Operator operator;
    private volatile boolean stopping;

    void start(@Observes StartupEvent event) {
        KubernetesClient client = new KubernetesClientBuilder().build();
        String lease = System.getenv(LEASE_NAME);
        operator = new Operator(overrider -> {
            overrider.withKubernetesClient(client).withCloseClientOnStop(true);
            if (lease != null && !lease.isBlank()) {
                // One operator reconciles at a time: a replaced pod may overlap its successor for a while, and two
                // operators would race on Raft membership changes. The one that loses the lease exits.
                // Exiting is ours to do, not the SDK's: its System.exit, run from the shutdown hook that stops
                // the operator, would block that hook until the kubelet's SIGKILL.
                LeaderElectionConfigurationBuilder election = LeaderElectionConfigurationBuilder
                        .aLeaderElectionConfiguration(lease).withExitOnStopLeading(false)
                        .withLeaderCallbacks(new LeaderCallbacks(
                                () -> LOG.infof("event=leader-elected lease=%s", lease),
                                this::lostLeadership,
                                leader -> LOG.infof("event=leader-known lease=%s leader=%s", lease, leader)));
                String namespace = System.getenv("POD_NAMESPACE");
                if (namespace != null && !namespace.isBlank()) {
                    election.withLeaseNamespace(namespace);
                }
                overrider.withLeaderElectionConfiguration(election.build());
            }
        });
        // One client certificate and one TLS context for every cluster: nodes know the operator by its key.
        dev.muninn.operator.tls.OperatorCredentials credentials = dev.muninn.operator.tls.OperatorCredentials.load(
                client, System.getenv("POD_NAMESPACE"));
        HttpNodeAdminClient admin = new HttpNodeAdminClient(Duration.ofSeconds(30), credentials.sslContext());
        Set<String> namespaces = watchedNamespaces(System.getenv(WATCH_NAMESPACES));
        operator.register(new MuninnClusterReconciler(client, admin, credentials),
                o -> o.settingNamespaces(namespaces));
        operator.register(new MuninnDatabaseReconciler(client, admin), o -> o.settingNamespaces(namespaces));
        operator.register(new MuninnBackupScheduleReconciler(client, admin), o -> o.settingNamespaces(namespaces));
        operator.register(new MuninnRestoreReconciler(client, admin), o -> o.settingNamespaces(namespaces));
        operator.register(new MuninnBackupReconciler(client, admin), o -> o.settingNamespaces(namespaces));
        operator.register(new MuninnClientCertificateReconciler(client, admin), o -> o.settingNamespaces(namespaces));
        operator.start();
        LOG.infof("event=operator-started master=%s namespaces=%s lease=%s", client.getMasterUrl(), namespaces,
                lease == null || lease.isBlank() ? "none" : lease);
    }

    /**
     * The namespaces named by {@value #WATCH_NAMESPACES} (comma-separated), or every namespace when it is empty: the
     * Helm chart sets it with Roles per namespace, or leaves it empty with a ClusterRole.
     */
    static Set<String> watchedNamespaces(String value) {
        if (value == null || value.isBlank()) {
            return Constants.DEFAULT_NAMESPACES_SET;
        }
        Set<String> namespaces = new LinkedHashSet<>();
        Arrays.stream(value.split(",")).map(String::strip).filter(n -> !n.isEmpty()).forEach(namespaces::add);
        return namespaces.isEmpty() ? Constants.DEFAULT_NAMESPACES_SET : namespaces;
    }

    /** Another operator holds the Lease now: stop at once (the kubelet restarts this one as a candidate). */
    private void lostLeadership() {
        if (!stopping) {
            LOG.error("event=leadership-lost action=exit");
            Runtime.getRuntime().halt(1);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        if (operator != null) {
            operator.stop();
        }
    }
}
