package dev.muninn.operator.api.v1alpha1.spec;

/** What happens to a database when its MuninnDatabase is deleted. */
public enum DeletionPolicy {
    Retain,
    Delete
}
