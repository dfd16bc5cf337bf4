package dev.muninn.node.documents.counters;

/** One operation on one counter of a document, as the clients send it ({@code delta} only for increments). */
public record CounterOperation(Type type, String name, long delta) {

    /** RavenDB's {@code CounterOperationType}, by the names the clients send. */
    public enum Type {
        INCREMENT("Increment"), DELETE("Delete"), GET("Get"), GET_ALL("GetAll");

        private final String wireName;

        Type(String wireName) {
            this.wireName = wireName;
        }

        /** The type named {@code name} (case-insensitive), or IllegalArgumentException naming the ones there are. */
        public static Type named(String name) {
            for (Type type : values()) {
                if (type.wireName.equalsIgnoreCase(name)) {
                    return type;
                }
            }
            throw new IllegalArgumentException("Unknown counter operation type '" + name
                    + "'; expected Increment, Delete, Get or GetAll");
        }
    }
}
