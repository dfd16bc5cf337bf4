package dev.muninn.node.documents.query;

/** One {@code order by} item: {@code field [as type] [asc|desc]}. */
record OrderClause(FieldPath path, Type type, boolean descending) {

    /** The {@code as ...} suffix; DEFAULT means no suffix was given. */
    enum Type {
        DEFAULT, LONG, DOUBLE, STRING, ALPHANUMERIC
    }
}
