package dev.muninn.operator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A restore of backups into a new database of a cluster; runs once. */
@ValidationRule(value = "has(self.spec)", message = "spec is required")
@ValidationRule(value = "self.spec == oldSelf.spec",
        message = "spec is immutable: a restore runs once; create another MuninnRestore")
@Group(MuninnCluster.GROUP)
@Version(MuninnCluster.VERSION)
@ShortNames("mrs")
@AdditionalPrinterColumn(name = "Database", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".spec.database")
@AdditionalPrinterColumn(name = "Phase", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "Documents", type = AdditionalPrinterColumn.Type.INTEGER,
        jsonPath = ".status.documentsRestored")
@AdditionalPrinterColumn(name = "Message", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.message",
        priority = 1)
@AdditionalPrinterColumn(name = "Age", type = AdditionalPrinterColumn.Type.DATE,
        jsonPath = ".metadata.creationTimestamp")
public class MuninnRestore extends CustomResource<MuninnRestoreSpec, MuninnRestoreStatus> implements Namespaced {
}
