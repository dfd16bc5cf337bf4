package dev.muninn.operator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A one-time backup of a database; runs once, on a node holding it. */
@ValidationRule(value = "has(self.spec)", message = "spec is required")
@ValidationRule(value = "self.spec == oldSelf.spec",
        message = "spec is immutable: a backup runs once; create another MuninnBackup")
@Group(MuninnCluster.GROUP)
@Version(MuninnCluster.VERSION)
@ShortNames("mbk")
@AdditionalPrinterColumn(name = "Database", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".spec.database")
@AdditionalPrinterColumn(name = "Type", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".spec.type")
@AdditionalPrinterColumn(name = "Phase", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.phase")
@AdditionalPrinterColumn(name = "Size", type = AdditionalPrinterColumn.Type.INTEGER, jsonPath = ".status.sizeBytes")
@AdditionalPrinterColumn(name = "File", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.fileName",
        priority = 1)
@AdditionalPrinterColumn(name = "Age", type = AdditionalPrinterColumn.Type.DATE,
        jsonPath = ".metadata.creationTimestamp")
public class MuninnBackup extends CustomResource<MuninnBackupSpec, MuninnBackupStatus> implements Namespaced {
}
