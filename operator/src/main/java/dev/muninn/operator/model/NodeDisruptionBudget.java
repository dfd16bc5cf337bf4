package dev.muninn.operator.model;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;

/**
 * Keeps a majority of the voting nodes up through voluntary disruptions (drains, evictions). It covers every node
 * pod and lets at most {@code voters - quorum} of them go at once: even if all of those are voters, a quorum stays.
 * Which nodes vote changes with {@code spec.watchers} without a restart, so the budget does not select on roles.
 */
public final class NodeDisruptionBudget {
    private NodeDisruptionBudget() {
    }

    public static PodDisruptionBudget build(ClusterModel model) {
        return new PodDisruptionBudgetBuilder()
                .withNewMetadata()
                    .withName(model.name() + "-quorum")
                    .withNamespace(model.namespace())
                    .withLabels(model.labels())
                    .withOwnerReferences(model.owner())
                .endMetadata()
                .withNewSpec()
                    .withMaxUnavailable(new IntOrString(model.voters() - model.quorum()))
                    .withNewSelector().withMatchLabels(model.nodeSelector()).endSelector()
                .endSpec()
                .build();
    }
}
