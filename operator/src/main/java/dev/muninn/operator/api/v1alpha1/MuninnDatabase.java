package dev.muninn.operator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A database of a {@link MuninnCluster}, replicated on {@code spec.replicationFactor} of its nodes. */
@ValidationRule(value = "has(self.spec)", message = "spec is required (at least spec.clusterRef.name)")
@Group(MuninnCluster.GROUP)
@Version(MuninnCluster.VERSION)
@ShortNames("mdb")
@AdditionalPrinterColumn(name = "Cluster", type = AdditionalPrinterColumn.Type.STRING,
        jsonPath = ".spec.clusterRef.name")
@AdditionalPrinterColumn(name = "Replicas", type = AdditionalPrinterColumn.Type.INTEGER,
        jsonPath = ".spec.replicationFactor")
@AdditionalPrinterColumn(name = "Ready", type = AdditionalPrinterColumn.Type.STRING,
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Age", type = AdditionalPrinterColumn.Type.DATE,
        jsonPath = ".metadata.creationTimestamp")
public class MuninnDatabase extends CustomResource<MuninnDatabaseSpec, MuninnDatabaseStatus> implements Namespaced {
}
