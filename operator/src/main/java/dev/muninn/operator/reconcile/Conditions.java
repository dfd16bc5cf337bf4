package dev.muninn.operator.reconcile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;

/**
 * Status conditions as Kubernetes keeps them: one per type, whose transition time moves only when its status
 * changes (so a status rewritten every reconcile does not look like constant change).
 */
public final class Conditions {
    private Conditions() {
    }

    public static List<Condition> set(List<Condition> current, String type, boolean status, String reason,
                                      String message, long generation) {
        List<Condition> next = new ArrayList<>();
        Condition previous = null;
        for (Condition condition : current == null ? List.<Condition>of() : current) {
            if (type.equals(condition.getType())) {
                previous = condition;
            } else {
                next.add(condition);
            }
        }
        String value = status ? "True" : "False";
        String since = previous != null && value.equals(previous.getStatus()) && previous.getLastTransitionTime() != null
                ? previous.getLastTransitionTime() : Instant.now().toString();
        next.add(new ConditionBuilder().withType(type).withStatus(value).withReason(reason).withMessage(message)
                .withObservedGeneration(generation).withLastTransitionTime(since).build());
        next.sort(java.util.Comparator.comparing(Condition::getType));
        return next;
    }
}
