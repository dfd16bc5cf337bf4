package dev.muninn.operator.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A user's client certificate for a secured {@link MuninnCluster}: issued by the cluster's CA into a Secret, registered
 * in the cluster with its clearance and database permissions, renewed before it expires, and unregistered when the
 * resource is deleted.
 */
@ValidationRule(value = "has(self.spec)", message = "spec is required (at least spec.clusterRef.name)")
@Group(MuninnCluster.GROUP)
@Version(MuninnCluster.VERSION)
@ShortNames("mcc")
@AdditionalPrinterColumn(name = "Cluster", type = AdditionalPrinterColumn.Type.STRING,
        jsonPath = ".spec.clusterRef.name")
@AdditionalPrinterColumn(name = "Clearance", type = AdditionalPrinterColumn.Type.STRING,
        jsonPath = ".spec.clearance")
@AdditionalPrinterColumn(name = "Secret", type = AdditionalPrinterColumn.Type.STRING, jsonPath = ".status.secretName")
@AdditionalPrinterColumn(name = "Ready", type = AdditionalPrinterColumn.Type.STRING,
        jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Expires", type = AdditionalPrinterColumn.Type.DATE, jsonPath = ".status.notAfter")
@AdditionalPrinterColumn(name = "Thumbprint", type = AdditionalPrinterColumn.Type.STRING,
        jsonPath = ".status.thumbprint", priority = 1)
@AdditionalPrinterColumn(name = "Age", type = AdditionalPrinterColumn.Type.DATE,
        jsonPath = ".metadata.creationTimestamp")
public class MuninnClientCertificate extends CustomResource<MuninnClientCertificateSpec,
        MuninnClientCertificateStatus> implements Namespaced {
}
