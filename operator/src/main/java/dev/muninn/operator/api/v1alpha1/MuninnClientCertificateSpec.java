package dev.muninn.operator.api.v1alpha1;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

import dev.muninn.operator.api.v1alpha1.spec.ClientClearance;
import dev.muninn.operator.api.v1alpha1.spec.ClusterRef;
import dev.muninn.operator.api.v1alpha1.spec.DatabaseAccess;

/** Who the certificate's holder is to the cluster: RavenDB's clearance and, for a ValidUser, its databases. */
@ValidationRule(value = "!has(self.secretName) || !has(oldSelf.secretName) || self.secretName == oldSelf.secretName",
        message = "secretName cannot change: the certificate's holders read it; create another MuninnClientCertificate")
@ValidationRule(value = "self.clusterRef.name == oldSelf.clusterRef.name",
        message = "clusterRef cannot change: the certificate is signed by its cluster's CA")
public class MuninnClientCertificateSpec {
    @Required
    @JsonPropertyDescription("The secured MuninnCluster (spec.tls.enabled) whose CA signs the certificate and whose "
            + "nodes register it.")
    private ClusterRef clusterRef;

    @JsonPropertyDescription("The certificate's name in the cluster and its subject's common name; defaults to "
            + "metadata.name.")
    private String name;

    @Default("ValidUser")
    @JsonPropertyDescription("ClusterAdmin (everything), Operator (everything but cluster-admin operations and "
            + "granting admins) or ValidUser (only the databases in permissions).")
    private ClientClearance clearance = ClientClearance.ValidUser;

    @JsonPropertyDescription("For a ValidUser: database name to Read, ReadWrite or Admin (the database's "
            + "administration). Changing it changes the grant of the certificate already handed out.")
    private Map<String, DatabaseAccess> permissions = new LinkedHashMap<>();

    @JsonPropertyDescription("The kubernetes.io/tls Secret the certificate lands in (tls.crt, tls.key, ca.crt, and "
            + "keystore.p12 without a password); defaults to metadata.name.")
    private String secretName;

    @Min(2)
    @Max(3650)
    @JsonPropertyDescription("How long the certificate is valid, in days (default: the cluster's "
            + "spec.tls.validityDays). It is renewed with the same key when a third is left: a holder that re-reads "
            + "the Secret keeps working.")
    private Integer validityDays;

    public ClusterRef getClusterRef() {
        return clusterRef;
    }

    public void setClusterRef(ClusterRef clusterRef) {
        this.clusterRef = clusterRef;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public ClientClearance getClearance() {
        return clearance;
    }

    public void setClearance(ClientClearance clearance) {
        this.clearance = clearance;
    }

    public Map<String, DatabaseAccess> getPermissions() {
        return permissions;
    }

    public void setPermissions(Map<String, DatabaseAccess> permissions) {
        this.permissions = permissions;
    }

    public String getSecretName() {
        return secretName;
    }

    public void setSecretName(String secretName) {
        this.secretName = secretName;
    }

    public Integer getValidityDays() {
        return validityDays;
    }

    public void setValidityDays(Integer validityDays) {
        this.validityDays = validityDays;
    }
}
