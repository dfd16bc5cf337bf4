package dev.muninn.operator.api.v1alpha1.spec;

/** RavenDB's security clearances a client certificate may be given (ClusterNode is for nodes only). */
public enum ClientClearance {
    ClusterAdmin,
    Operator,
    ValidUser
}
