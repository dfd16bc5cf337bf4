package dev.muninn.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * PostgreSQL 15 through JDBC: one connection per thread, one JSONB table with a primary key, autocommit for single
 * writes (fsync and synchronous_commit are on in the server the bench starts).
 */
public final class PostgresTarget implements Target {
    private final String url;
    private final Map<Thread, Connection> connections = new ConcurrentHashMap<>();

    public PostgresTarget(String url) {
        this.url = url;
    }

    @Override
    public String name() {
        return "PostgreSQL";
    }

    private Connection connection() throws SQLException {
        Connection existing = connections.get(Thread.currentThread());
        if (existing != null) {
            return existing;
        }
        Connection created = DriverManager.getConnection(url);
        created.setAutoCommit(true);
        connections.put(Thread.currentThread(), created);
        return created;
    }

    @Override
    public void prepare() throws SQLException {
        try (Statement statement = connection().createStatement()) {
            statement.execute("DROP TABLE IF EXISTS docs");
            statement.execute("CREATE TABLE docs (id text PRIMARY KEY, body jsonb NOT NULL)");
        }
    }

    @Override
    public void insert(String id, BenchDocument doc) throws SQLException {
        try (PreparedStatement insert = connection().prepareStatement(
                "INSERT INTO docs(id, body) VALUES (?, ?::jsonb)")) {
            insert.setString(1, id);
            insert.setString(2, doc.toJson());
            insert.executeUpdate();
        }
    }

    @Override
    public void insertBatch(List<String> ids, BenchDocument doc) throws SQLException {
        Connection connection = connection();
        connection.setAutoCommit(false);
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO docs(id, body) VALUES (?, ?::jsonb)")) {
            for (String id : ids) {
                insert.setString(1, id);
                insert.setString(2, BenchDocument.sample(id.hashCode()).toJson());
                insert.addBatch();
            }
            insert.executeBatch();
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    @Override
    public void read(String id) throws SQLException {
        try (PreparedStatement select = connection().prepareStatement("SELECT body FROM docs WHERE id = ?")) {
            select.setString(1, id);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next() || rows.getString(1) == null) {
                    throw new IllegalStateException("PostgreSQL: row " + id + " missing");
                }
            }
        }
    }

    @Override
    public void close() throws SQLException {
        for (Connection connection : connections.values()) {
            connection.close();
        }
    }
}
