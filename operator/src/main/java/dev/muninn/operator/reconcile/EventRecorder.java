package dev.muninn.operator.reconcile;

import java.time.Instant;
import java.util.UUID;

import org.jboss.logging.Logger;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** Kubernetes events on a resource ({@code kubectl describe} shows them), each also one log line. */
final class EventRecorder {
    private static final Logger LOG = Logger.getLogger(EventRecorder.class);

    private final KubernetesClient client;

    EventRecorder(KubernetesClient client) {
        this.client = client;
    }

    void normal(HasMetadata on, String reason, String message) {
        record(on, "Normal", reason, message);
    }

    void warning(HasMetadata on, String reason, String message) {
        record(on, "Warning", reason, message);
    }

    private void record(HasMetadata on, String type, String reason, String message) {
        String namespace = on.getMetadata().getNamespace();
        LOG.infof("namespace=%s name=%s event=%s type=%s message=\"%s\"", namespace, on.getMetadata().getName(),
                reason, type, message);
        String now = Instant.now().toString();
        try {
            client.v1().events().inNamespace(namespace).resource(new EventBuilder()
                    .withNewMetadata().withNamespace(namespace)
                    .withName(on.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 13))
                    .endMetadata()
                    .withNewInvolvedObject().withApiVersion(on.getApiVersion()).withKind(on.getKind())
                    .withName(on.getMetadata().getName()).withNamespace(namespace).withUid(on.getMetadata().getUid())
                    .endInvolvedObject()
                    .withType(type).withReason(reason).withMessage(message)
                    .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                    .withNewSource().withComponent("muninn-operator").endSource()
                    .build()).create();
        } catch (KubernetesClientException e) {
            LOG.warnf("namespace=%s name=%s event=event-not-recorded reason=\"%s\"", namespace,
                    on.getMetadata().getName(), e.getMessage());
        }
    }
}
