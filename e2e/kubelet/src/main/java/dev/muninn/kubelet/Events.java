package dev.muninn.kubelet;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.util.UUID;

/** Pod events from the kubelet (Pulled, Created, Started, Killing, Unhealthy, BackOff, Failed...). */
final class Events {
    private final KubernetesClient client;
    private final String nodeName;

    Events(KubernetesClient client, String nodeName) {
        this.client = client;
        this.nodeName = nodeName;
    }

    void normal(Pod pod, String container, String reason, String message) {
        record(pod, container, "Normal", reason, message);
    }

    void warning(Pod pod, String container, String reason, String message) {
        record(pod, container, "Warning", reason, message);
    }

    private void record(Pod pod, String container, String type, String reason, String message) {
        String now = NodeAgent.now();
        Log.info("pod-event", "pod", pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName(),
                "container", container == null ? "" : container, "reason", reason, "message", message);
        try {
            client.v1().events().inNamespace(pod.getMetadata().getNamespace()).resource(new EventBuilder()
                    .withNewMetadata()
                    .withName(pod.getMetadata().getName() + "." + UUID.randomUUID().toString().substring(0, 13))
                    .withNamespace(pod.getMetadata().getNamespace())
                    .endMetadata()
                    .withNewInvolvedObject()
                    .withApiVersion("v1").withKind("Pod").withName(pod.getMetadata().getName())
                    .withNamespace(pod.getMetadata().getNamespace()).withUid(pod.getMetadata().getUid())
                    .withFieldPath(container == null ? null : "spec.containers{" + container + "}")
                    .endInvolvedObject()
                    .withType(type).withReason(reason).withMessage(message)
                    .withNewSource().withComponent("kubelet").withHost(nodeName).endSource()
                    .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                    .withReportingComponent("kubelet").withReportingInstance(nodeName)
                    .build()).create();
        } catch (KubernetesClientException e) {
            Log.warn("event-not-recorded", "reason", reason, "code", e.getCode(), "error", e.getMessage());
        }
    }
}
