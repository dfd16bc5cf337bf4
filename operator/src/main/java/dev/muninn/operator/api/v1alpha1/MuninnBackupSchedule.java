package dev.muninn.operator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** Scheduled backups of a database: a periodic backup task of the database, run by its responsible node. */
@ValidationRule(value = "has(self.spec)", message = "spec is required")
@Group(MuninnCluster.GROUP)
@Version(MuninnCluster.VERSION)
@ShortNames("mbs")
@AdditionalPrinterColumn(name = "Database", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".spec.database")
@AdditionalPrinterColumn(name = "Schedule", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".spec.schedule")
@AdditionalPrinterColumn(name = "Node", type = AdditionalPrinterColumn.Type.STRING,
        jsonPath = ".status.responsibleNode")
@AdditionalPrinterColumn(name = "Last", type = AdditionalPrinterColumn.Type.STRING,
        jsonPath = ".status.lastFullBackup")
@AdditionalPrinterColumn(name = "Next", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.nextBackup")
@AdditionalPrinterColumn(name = "Error", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.lastError")
public class MuninnBackupSchedule extends CustomResource<MuninnBackupScheduleSpec, MuninnBackupScheduleStatus>
        implements Namespaced {
}
