package dev.muninn.operator.api.v1alpha1.spec;

/** RavenDB's access of a ValidUser to one database. */
public enum DatabaseAccess {
    Read,
    ReadWrite,
    Admin
}
