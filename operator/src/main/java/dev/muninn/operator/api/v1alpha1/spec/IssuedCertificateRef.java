package dev.muninn.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One certificate the operator issued and registered: its thumbprint and expiry. */
public class IssuedCertificateRef {
    @JsonPropertyDescription("SHA-1 thumbprint, upper-case hex.")
    private String thumbprint;

    @JsonPropertyDescription("Expiry, RFC 3339.")
    private String notAfter;

    public IssuedCertificateRef() {
    }

    public IssuedCertificateRef(String thumbprint, String notAfter) {
        this.thumbprint = thumbprint;
        this.notAfter = notAfter;
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
}
