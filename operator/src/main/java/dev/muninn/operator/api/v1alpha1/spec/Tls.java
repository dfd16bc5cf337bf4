package dev.muninn.operator.api.v1alpha1.spec;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * TLS and client certificates of a cluster: on unless turned off. Chosen at creation: a running cluster's nodes know
 * each other by their URLs, which change scheme with it.
 */
@ValidationRule(value = "self.enabled == oldSelf.enabled", message = "tls.enabled cannot change on an existing "
        + "cluster: its nodes know each other by http or https URLs; create a new cluster and restore a backup into it")
public class Tls {
    @Default("true")
    @JsonPropertyDescription("Serve HTTPS and Raft over mutual TLS with certificates from the cluster's own CA (the "
            + "Secret <cluster>-ca), and require a client certificate of every client: the operator's, the admin "
            + "certificate in the Secret <cluster>-admin-client, or one registered in the cluster. Off: plain HTTP "
            + "for the private network only.")
    private boolean enabled = true;

    @Default("90")
    @Min(2)
    @JsonPropertyDescription("How long node and admin certificates are valid, in days; each is renewed when a third "
            + "of it is left, without a restart.")
    private int validityDays = 90;

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public int getValidityDays() {
        return validityDays;
    }

    public void setValidityDays(int validityDays) {
        this.validityDays = validityDays;
    }
}
