package dev.muninn.kubelet;

import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pod conditions the kubelet owns (PodReadyToStartContainers, Initialized, ContainersReady, Ready), with a
 * transition time that changes only when a status does; conditions others own (PodScheduled, readiness gates,
 * DisruptionTarget) are kept as they are.
 */
final class PodConditions {
    private static final Set<String> OWNED = Set.of("PodReadyToStartContainers", "Initialized", "ContainersReady", "Ready");
    private final Map<String, String[]> last = new HashMap<>();

    List<PodCondition> compute(List<PodCondition> existing, boolean sandboxReady, boolean initialized,
                               List<String> unreadyContainers, boolean gatesMet, boolean terminal) {
        List<PodCondition> result = new ArrayList<>();
        if (existing != null) {
            existing.stream().filter(c -> !OWNED.contains(c.getType())).forEach(result::add);
        }
        result.add(condition("PodReadyToStartContainers", sandboxReady && !terminal, null, null));
        result.add(condition("Initialized", initialized, initialized ? null : "ContainersNotInitialized",
                initialized ? null : "containers with incomplete status"));
        boolean containersReady = initialized && unreadyContainers.isEmpty();
        String notReady = terminal ? "PodCompleted" : "ContainersNotReady";
        String message = "containers with unready status: [" + String.join(" ", unreadyContainers) + "]";
        result.add(condition("ContainersReady", containersReady, containersReady ? null : notReady,
                containersReady ? null : message));
        boolean ready = containersReady && gatesMet;
        result.add(condition("Ready", ready, ready ? null : containersReady ? "ReadinessGatesNotReady" : notReady,
                ready ? null : containersReady ? "the pod's readiness gates are not all True" : message));
        return result;
    }

    private PodCondition condition(String type, boolean value, String reason, String message) {
        String status = value ? "True" : "False";
        String[] previous = last.get(type);
        String since = previous != null && previous[0].equals(status) ? previous[1] : NodeAgent.now();
        last.put(type, new String[]{status, since});
        return new PodConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastTransitionTime(since).withLastProbeTime(null).build();
    }
}
