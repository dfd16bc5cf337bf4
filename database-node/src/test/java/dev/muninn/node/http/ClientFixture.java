package dev.muninn.node.http;

import java.util.UUID;

import net.ravendb.client.documents.DocumentStore;
import net.ravendb.client.serverwide.DatabaseRecord;
import net.ravendb.client.serverwide.operations.CreateDatabaseOperation;
import net.ravendb.client.serverwide.operations.DeleteDatabasesOperation;

/** An official-client DocumentStore on a fresh database of the node under test. */
public final class ClientFixture implements AutoCloseable {
    /** The node under test; {@code -DServerUrl} moves it (with quarkus.http.test-port) off the default port. */
    public static final String URL = System.getProperty("ServerUrl", "http://127.0.0.1:18081");

    private final DocumentStore store;
    private final String database;

    public ClientFixture(String url) {
        this.database = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        this.store = new DocumentStore(url, database);
        // Under @QuarkusTest the entity classes live in Quarkus' class loader, not the client's.
        store.getConventions().setFindJavaClassByName(name -> {
            try {
                return Class.forName(name, true, ClientFixture.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        });
        store.initialize();
        store.maintenance().server().send(new CreateDatabaseOperation(new DatabaseRecord(database)));
    }

    public ClientFixture() {
        this(URL);
    }

    public DocumentStore store() {
        return store;
    }

    public String database() {
        return database;
    }

    @Override
    public void close() {
        try {
            store.maintenance().server().send(new DeleteDatabasesOperation(database, true));
        } finally {
            store.close();
        }
    }

    /** A small entity, as applications write them. */
    public static class User {
        private String id;
        private String name;
        private int age;
        private String email;
        private java.util.List<String> tags = new java.util.ArrayList<>();

        public User() {
        }

        public User(String name, int age) {
            this.name = name;
            this.age = age;
            this.email = name.toLowerCase() + "@example.com";
        }

        public String getId() { return id; }
        public void setId(String id) { this.id = id; }
        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
        public int getAge() { return age; }
        public void setAge(int age) { this.age = age; }
        public String getEmail() { return email; }
        public void setEmail(String email) { this.email = email; }
        public java.util.List<String> getTags() { return tags; }
        public void setTags(java.util.List<String> tags) { this.tags = tags; }
    }

    public static class Order {
        private String id;
        private String company;
        private double total;

        public Order() {
        }

        public Order(String company, double total) {
            this.company = company;
            this.total = total;
        }

        public String getId() { return id; }
        public void setId(String id) { this.id = id; }
        public String getCompany() { return company; }
        public void setCompany(String company) { this.company = company; }
        public double getTotal() { return total; }
        public void setTotal(double total) { this.total = total; }
    }

    public static class Company {
        private String id;
        private String name;

        public Company() {
        }

        public Company(String name) {
            this.name = name;
        }

        public String getId() { return id; }
        public void setId(String id) { this.id = id; }
        public String getName() { return name; }
        public void setName(String name) { this.name = name; }
    }
}
