package dev.muninn.operator.api.v1alpha1;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import dev.muninn.operator.api.v1alpha1.spec.IssuedCertificateRef;

/** Where the certificate is, until when it is valid, and which of its versions the cluster knows. */
public class MuninnClientCertificateStatus extends ConditionedStatus {
    @JsonPropertyDescription("The Secret holding the certificate and its key.")
    private String secretName;

    @JsonPropertyDescription("The SHA-1 thumbprint of the current certificate, as the cluster lists it.")
    private String thumbprint;

    @JsonPropertyDescription("When the current certificate expires (it is renewed before).")
    private String notAfter;

    @JsonPropertyDescription("Every version registered in the cluster (the current one and renewed ones not yet "
            + "expired, which holders may still present): each gets the grant of the spec, and all are unregistered "
            + "when the resource is deleted.")
    private List<IssuedCertificateRef> registered = new ArrayList<>();

    public String getSecretName() {
        return secretName;
    }

    public void setSecretName(String secretName) {
        this.secretName = secretName;
    }

    public String getThumbprint() {
        return thumbprint;
    }

    public void setThumbprint(String thumbprint) {
        this.thumbprint = thumbprint;
    }

    public String getNotAfter() {
        return notAfter;
    }

    public void setNotAfter(String notAfter) {
        this.notAfter = notAfter;
    }

    public List<IssuedCertificateRef> getRegistered() {
        return registered;
    }

    public void setRegistered(List<IssuedCertificateRef> registered) {
        this.registered = registered;
    }
}
