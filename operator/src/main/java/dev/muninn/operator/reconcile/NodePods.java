package dev.muninn.operator.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;

/** What the operator reads of a node pod: whether it is ready, and the URL it answers at from here. */
final class NodePods {
    private NodePods() {
    }

    static boolean ready(Pod pod) {
        return pod != null && pod.getStatus() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /**
     * The pod's own address: reachable from the operator in the cluster and from the local control plane's host;
     * https when the pod's node serves it (a pod made before TLS was turned on keeps http until it is replaced).
     */
    static String url(Pod pod) {
        String ip = pod == null || pod.getStatus() == null ? null : pod.getStatus().getPodIP();
        if (ip == null || ip.isBlank()) {
            return null;
        }
        boolean secured = pod.getSpec() != null && pod.getSpec().getContainers().stream()
                .flatMap(c -> c.getEnv() == null ? java.util.stream.Stream.empty() : c.getEnv().stream())
                .anyMatch(e -> "MUNINN_ServerUrl".equals(e.getName()) && e.getValue() != null
                        && e.getValue().startsWith("https:"));
        return (secured ? "https" : "http") + "://" + ip + ":" + dev.muninn.operator.model.ClusterModel.HTTP_PORT;
    }

    /** How long the pod has been ready (zero when it is not), from its Ready condition's last transition. */
    static Duration readyFor(Pod pod) {
        return sinceReadyWas(pod, "True");
    }

    /** How long the pod has been not ready (zero when it is ready or has no Ready condition yet). */
    static Duration unreadyFor(Pod pod) {
        return sinceReadyWas(pod, "False");
    }

    private static Duration sinceReadyWas(Pod pod, String value) {
        if (pod == null || pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return Duration.ZERO;
        }
        return pod.getStatus().getConditions().stream()
                .filter(c -> "Ready".equals(c.getType()) && value.equals(c.getStatus())
                        && c.getLastTransitionTime() != null)
                .map(c -> Duration.between(Instant.parse(c.getLastTransitionTime()), Instant.now()))
                .findFirst().orElse(Duration.ZERO);
    }

    /** Why the node container is not running or not ready, as its status says (e.g. CrashLoopBackOff, Error). */
    static Optional<String> waitingReason(Pod pod) {
        if (pod == null || pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getContainerStatuses().stream().map(ContainerStatus::getState).filter(s -> s != null)
                .map(state -> state.getWaiting() != null ? state.getWaiting().getReason()
                        : state.getTerminated() != null ? state.getTerminated().getReason() : null)
                .filter(reason -> reason != null && !reason.isBlank()).findFirst();
    }
}
