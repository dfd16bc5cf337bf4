package dev.muninn.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * PostgreSQL through JDBC: one connection per load thread with its prepared statements, one JSONB table with a
 * primary key, autocommit for single writes, one transaction per batch. The server the bench starts runs with
 * fsync, synchronous_commit and full_page_writes on, so a returned commit is on disk.
 */
public final class PostgresTarget implements Target {
    private static final String INSERT = "INSERT INTO docs(id, body) VALUES (?, ?::jsonb)";
    private static final String SELECT = "SELECT body FROM docs WHERE id = ?";
    private final String url;

    public PostgresTarget(String url) {
        this.url = url;
    }

    @Override
    public String name() {
        return "PostgreSQL";
    }

    private Connection connect() throws SQLException {
        Connection connection = DriverManager.getConnection(url);
        connection.setAutoCommit(true);
        return connection;
    }

    @Override
    public String describe() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            StringBuilder settings = new StringBuilder();
            for (String setting : List.of("fsync", "synchronous_commit", "full_page_writes", "wal_sync_method",
                    "shared_buffers")) {
                try (ResultSet rows = statement.executeQuery("SHOW " + setting)) {
                    rows.next();
                    settings.append(settings.length() == 0 ? "" : ", ").append(setting).append('=')
                            .append(rows.getString(1));
                }
            }
            return "PostgreSQL " + connection.getMetaData().getDatabaseProductVersion() + " at " + url + " ("
                    + settings + "); client pgjdbc " + connection.getMetaData().getDriverVersion()
                    + ", a connection per thread";
        }
    }

    @Override
    public void prepare() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS docs");
            statement.execute("CREATE TABLE docs (id text PRIMARY KEY, body jsonb NOT NULL)");
        }
    }

    @Override
    public Worker worker() throws SQLException {
        Connection connection = connect();
        PreparedStatement insert = connection.prepareStatement(INSERT);
        PreparedStatement select = connection.prepareStatement(SELECT);
        return new Worker() {
            @Override
            public void insert(String id, BenchDocument doc) throws SQLException {
                insert.setString(1, id);
                insert.setString(2, doc.toJson());
                if (insert.executeUpdate() != 1) {
                    throw new IllegalStateException("PostgreSQL: insert of " + id + " did not insert one row");
                }
            }

            @Override
            public void insertBatch(List<String> ids, List<BenchDocument> docs) throws SQLException {
                connection.setAutoCommit(false);
                try {
                    for (int i = 0; i < ids.size(); i++) {
                        insert.setString(1, ids.get(i));
                        insert.setString(2, docs.get(i).toJson());
                        insert.addBatch();
                    }
                    int[] counts = insert.executeBatch();
                    connection.commit();
                    if (counts.length != ids.size()) {
                        throw new IllegalStateException("PostgreSQL: batch of " + ids.size() + " inserted "
                                + counts.length);
                    }
                } catch (SQLException | RuntimeException e) {
                    insert.clearBatch();
                    connection.rollback();
                    throw e;
                } finally {
                    connection.setAutoCommit(true);
                }
            }

            @Override
            public void bulkInsert(List<String> ids, List<BenchDocument> docs) throws Exception {
                // COPY's text format: tab-separated columns, with backslash, tab and newline escaped.
                StringBuilder rows = new StringBuilder(ids.size() * 200);
                for (int i = 0; i < ids.size(); i++) {
                    rows.append(copyText(ids.get(i))).append('\t').append(copyText(docs.get(i).toJson())).append('\n');
                }
                connection.setAutoCommit(false);
                try {
                    long copied = new org.postgresql.copy.CopyManager(connection.unwrap(
                            org.postgresql.core.BaseConnection.class)).copyIn("COPY docs (id, body) FROM STDIN",
                            new java.io.StringReader(rows.toString()));
                    connection.commit();
                    if (copied != ids.size()) {
                        throw new IllegalStateException("PostgreSQL: COPY of " + ids.size() + " rows copied " + copied);
                    }
                } catch (SQLException | RuntimeException e) {
                    connection.rollback();
                    throw e;
                } finally {
                    connection.setAutoCommit(true);
                }
            }

            @Override
            public void read(String id, String expectedName) throws SQLException {
                select.setString(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    if (!rows.next()) {
                        throw new IllegalStateException("PostgreSQL: row " + id + " missing");
                    }
                    String body = rows.getString(1);
                    if (body == null || !body.contains("\"" + expectedName + "\"")) {
                        throw new IllegalStateException("PostgreSQL: row " + id + " has body " + body
                                + ", expected name " + expectedName);
                    }
                }
            }

            @Override
            public void close() throws SQLException {
                connection.close();
            }
        };
    }

    @Override
    public void close() {
        // connections belong to the workers
    }

    private static String copyText(String value) {
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }
}
