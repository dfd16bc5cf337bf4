package dev.muninn.operator.api.v1alpha1;

import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;

/** A Muninn cluster: {@code spec.nodes} database nodes forming one Raft cluster. */
@ValidationRule(value = "has(self.spec)", message = "spec is required (at least spec.nodes)")
@Group(MuninnCluster.GROUP)
@Version(MuninnCluster.VERSION)
@ShortNames("mcl")
@AdditionalPrinterColumn(name = "Nodes", type = AdditionalPrinterColumn.Type.INTEGER, jsonPath = ".spec.nodes")
@AdditionalPrinterColumn(name = "Ready", type = AdditionalPrinterColumn.Type.INTEGER, jsonPath = ".status.readyNodes")
@AdditionalPrinterColumn(name = "Phase", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "Leader", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.leader")
@AdditionalPrinterColumn(name = "Status", type = AdditionalPrinterColumn.Type.STRING, priority = 1,
        jsonPath = ".status.conditions[?(@.type==\"Progressing\")].message")
@AdditionalPrinterColumn(name = "Age", type = AdditionalPrinterColumn.Type.DATE,
        jsonPath = ".metadata.creationTimestamp")
public class MuninnCluster extends CustomResource<MuninnClusterSpec, MuninnClusterStatus> implements Namespaced {
    public static final String GROUP = "muninn.dev";
    public static final String VERSION = "v1alpha1";
}
