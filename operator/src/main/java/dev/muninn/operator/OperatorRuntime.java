package dev.muninn.operator;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import dev.muninn.nodeclient.HttpNodeAdminClient;
import dev.muninn.operator.reconcile.MuninnClusterReconciler;

/**
 * java-operator-sdk inside Quarkus, wired by hand: at startup a fabric8 client (kubeconfig, or the pod's service
 * account in a cluster), the controllers, and the operator's informers; at shutdown the operator stops.
 */
@ApplicationScoped
public class OperatorRuntime {
    private static final Logger LOG = Logger.getLogger(OperatorRuntime.class);

    private Operator operator;

    void start(@Observes StartupEvent event) {
        KubernetesClient client = new KubernetesClientBuilder().build();
        operator = new Operator(overrider -> overrider.withKubernetesClient(client).withCloseClientOnStop(true));
        HttpNodeAdminClient admin = new HttpNodeAdminClient(Duration.ofSeconds(30));
        operator.register(new MuninnClusterReconciler(client, admin));
        operator.register(new dev.muninn.operator.reconcile.MuninnDatabaseReconciler(client, admin));
        operator.start();
        LOG.infof("event=operator-started master=%s namespace=%s", client.getMasterUrl(), client.getNamespace());
    }

    void stop(@Observes ShutdownEvent event) {
        if (operator != null) {
            operator.stop();
        }
    }
}
