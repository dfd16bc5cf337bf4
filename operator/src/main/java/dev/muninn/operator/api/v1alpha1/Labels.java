package dev.muninn.operator.api.v1alpha1;

/** The labels the operator puts on what it creates, and selects by. */
public final class Labels {
    public static final String NAME = "app.kubernetes.io/name";
    public static final String INSTANCE = "app.kubernetes.io/instance";
    public static final String COMPONENT = "app.kubernetes.io/component";
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String NODE_TAG = "muninn.dev/node-tag";
    public static final String ORDINAL = "muninn.dev/ordinal";
    public static final String ROLE = "muninn.dev/role";

    public static final String NAME_VALUE = "muninn";
    public static final String OPERATOR = "muninn-operator";
    public static final String COMPONENT_NODE = "node";

    private Labels() {
    }
}
