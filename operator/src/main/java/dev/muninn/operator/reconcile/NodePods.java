package dev.muninn.operator.reconcile;

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

    /** The pod's own address: reachable from the operator in the cluster and from the local control plane's host. */
    static String url(Pod pod) {
        String ip = pod == null || pod.getStatus() == null ? null : pod.getStatus().getPodIP();
        return ip == null || ip.isBlank() ? null : "http://" + ip + ":" + dev.muninn.operator.model.ClusterModel.HTTP_PORT;
    }
}
