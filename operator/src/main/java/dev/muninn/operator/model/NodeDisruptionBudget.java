package dev.muninn.operator.model;

import java.util.Map;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder;

import dev.muninn.operator.api.v1alpha1.Labels;

/**
 * Keeps a majority of the voting nodes up through voluntary disruptions (drains, evictions): {@code minAvailable}
 * is the Raft quorum over the voters. Watchers do not vote and are not covered.
 */
public final class NodeDisruptionBudget {
    private NodeDisruptionBudget() {
    }

    public static PodDisruptionBudget build(ClusterModel model) {
        Map<String, String> voters = new java.util.LinkedHashMap<>(model.nodeSelector());
        voters.put(Labels.ROLE, "member");
        return new PodDisruptionBudgetBuilder()
                .withNewMetadata()
                    .withName(model.name() + "-quorum")
                    .withNamespace(model.namespace())
                    .withLabels(model.labels())
                    .withOwnerReferences(model.owner())
                .endMetadata()
                .withNewSpec()
                    .withMinAvailable(new IntOrString(model.quorum()))
                    .withNewSelector().withMatchLabels(voters).endSelector()
                .endSpec()
                .build();
    }
}
