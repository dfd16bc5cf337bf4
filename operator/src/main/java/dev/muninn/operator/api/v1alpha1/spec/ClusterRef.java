package dev.muninn.operator.api.v1alpha1.spec;

import io.fabric8.generator.annotation.Required;

/** A MuninnCluster in the same namespace. */
public class ClusterRef {
    @Required
    private String name;

    public ClusterRef() {
    }

    public ClusterRef(String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }
}
