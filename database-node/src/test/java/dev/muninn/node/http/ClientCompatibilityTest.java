package dev.muninn.node.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.muninn.node.http.ClientFixture.Company;
import dev.muninn.node.http.ClientFixture.Order;
import dev.muninn.node.http.ClientFixture.User;
import io.quarkus.test.junit.QuarkusTest;
import net.ravendb.client.documents.operations.DatabaseStatistics;
import net.ravendb.client.documents.operations.GetStatisticsOperation;
import net.ravendb.client.documents.session.IDocumentSession;
import net.ravendb.client.exceptions.ConcurrencyException;
import net.ravendb.client.exceptions.database.DatabaseDoesNotExistException;
import net.ravendb.client.serverwide.DatabaseRecordWithEtag;
import net.ravendb.client.serverwide.operations.GetDatabaseNamesOperation;
import net.ravendb.client.serverwide.operations.GetDatabaseRecordOperation;

/** The official RavenDB Java client 6.0.0, unchanged, against a node with real Xodus storage. */
@QuarkusTest
class ClientCompatibilityTest extends ClientTestBase {

    /**
     * The Node.js client sends a take() without a skip() as {@code limit $p1, $p2} with {@code p1} null (and a skip
     * without a take with {@code p2} null); RavenDB reads null as no offset and no limit.
     */
    @Test
    void nullLimitParametersAreNoOffsetAndNoLimit() {
        try (IDocumentSession session = fixture.store().openSession()) {
            for (int i = 0; i < 4; i++) {
                session.store(new User("NullLimit", i), "nulllimits/" + i);
            }
            session.saveChanges();
        }
        try (IDocumentSession session = fixture.store().openSession()) {
            List<User> firstTwo = session.advanced()
                    .rawQuery(User.class, "from Users where name = $n order by age as long limit $s, $t")
                    .addParameter("n", "NullLimit").addParameter("s", null).addParameter("t", 2).toList();
            assertThat(firstTwo).extracting(User::getAge).containsExactly(0, 1);
            List<User> fromOne = session.advanced()
                    .rawQuery(User.class, "from Users where name = $n order by age as long limit $s, $t")
                    .addParameter("n", "NullLimit").addParameter("s", 1).addParameter("t", null).toList();
            assertThat(fromOne).extracting(User::getAge).containsExactly(1, 2, 3);
        }
    }

    @Test
    void storeLoadUpdateDeleteWithHiLoIds() {
        String id;
        try (IDocumentSession session = fixture.store().openSession()) {
            User oren = new User("Oren", 41);
            session.store(oren);
            id = oren.getId();
            session.saveChanges();
        }
        assertThat(id).matches("users/\\d+-A");
        try (IDocumentSession session = fixture.store().openSession()) {
            User loaded = session.load(User.class, id);
            assertThat(loaded.getName()).isEqualTo("Oren");
            assertThat(loaded.getAge()).isEqualTo(41);
            assertThat(session.advanced().getMetadataFor(loaded).getString("@collection")).isEqualTo("Users");
            assertThat(session.advanced().getChangeVectorFor(loaded)).startsWith("A:");
            loaded.setAge(42);
            session.saveChanges();
        }
        try (IDocumentSession session = fixture.store().openSession()) {
            assertThat(session.load(User.class, id).getAge()).isEqualTo(42);
            assertThat(session.load(User.class, id.toUpperCase()).getName()).as("ids are case-insensitive")
                    .isEqualTo("Oren");
            session.delete(id);
            session.saveChanges();
        }
        try (IDocumentSession session = fixture.store().openSession()) {
            assertThat(session.load(User.class, id)).isNull();
            assertThat(session.advanced().exists(id)).isFalse();
        }
    }

    @Test
    void loadManyWithIncludes() {
        try (IDocumentSession session = fixture.store().openSession()) {
            session.store(new Company("Acme"), "companies/1");
            session.store(new Order("companies/1", 10.5), "orders/1");
            session.store(new Order("companies/404", 3), "orders/2");
            session.saveChanges();
        }
        try (IDocumentSession session = fixture.store().openSession()) {
            // (The 6.0.0 client cannot combine includes with missing ids: registerMissingIncludes casts null.)
            Map<String, Order> orders = session.include("company").load(Order.class, "orders/1", "orders/2");
            assertThat(orders.get("orders/1").getTotal()).isEqualTo(10.5);
            assertThat(orders.get("orders/2").getCompany()).isEqualTo("companies/404");
            int before = session.advanced().getNumberOfRequests();
            assertThat(session.load(Company.class, "companies/1").getName()).isEqualTo("Acme");
            assertThat(session.advanced().getNumberOfRequests()).as("included, no extra request").isEqualTo(before);
            assertThat(session.advanced().exists("orders/2")).isTrue();
        }
        try (IDocumentSession session = fixture.store().openSession()) {
            Map<String, Order> some = session.load(Order.class, "orders/1", "orders/3", "ORDERS/2");
            assertThat(some.get("orders/1")).isNotNull();
            assertThat(some.get("orders/3")).isNull();
            assertThat(some.get("ORDERS/2").getTotal()).isEqualTo(3);
        }
    }

    @Test
    void queriesWithWhereOrderPagingAndCount() {
        try (IDocumentSession session = fixture.store().openSession()) {
            for (int i = 0; i < 30; i++) {
                User u = new User((i % 2 == 0 ? "Even" : "Odd") + i, i);
                session.store(u, "users/" + i);
            }
            session.store(new Company("NotAUser"), "companies/1");
            session.saveChanges();
        }
        try (IDocumentSession session = fixture.store().openSession()) {
            List<User> adults = session.query(User.class).whereGreaterThanOrEqual("age", 18).orderByDescending("age")
                    .skip(2).take(3).toList();
            assertThat(adults).extracting(User::getAge).containsExactly(27, 26, 25);
            assertThat(session.query(User.class).count()).isEqualTo(30);
            assertThat(session.query(User.class).whereStartsWith("name", "even").count()).isEqualTo(15);
            List<User> exact = session.query(User.class).whereEquals("name", "odd7").toList();
            assertThat(exact).extracting(User::getAge).containsExactly(7);
            List<User> between = session.query(User.class).whereBetween("age", 10, 12).orElse()
                    .whereEquals("name", "Even0").orderBy("age").toList();
            assertThat(between).extracting(User::getAge).containsExactly(0, 10, 11, 12);
            User loadedByQuery = between.get(1);
            loadedByQuery.setAge(100);
            session.saveChanges(); // query results are tracked like loads
        }
        try (IDocumentSession session = fixture.store().openSession()) {
            assertThat(session.load(User.class, "users/10").getAge()).isEqualTo(100);
        }
    }

    @Test
    void optimisticConcurrencyRejectsStaleWrites() {
        try (IDocumentSession session = fixture.store().openSession()) {
            session.store(new User("A", 1), "users/occ");
            session.saveChanges();
        }
        IDocumentSession first = fixture.store().openSession();
        IDocumentSession second = fixture.store().openSession();
        first.advanced().setUseOptimisticConcurrency(true);
        second.advanced().setUseOptimisticConcurrency(true);
        first.load(User.class, "users/occ").setAge(2);
        second.load(User.class, "users/occ").setAge(3);
        first.saveChanges();
        assertThatThrownBy(second::saveChanges).isInstanceOf(ConcurrencyException.class);
        first.close();
        second.close();
        try (IDocumentSession session = fixture.store().openSession()) {
            assertThat(session.load(User.class, "users/occ").getAge()).isEqualTo(2);
        }
        try (IDocumentSession session = fixture.store().openSession()) {
            session.advanced().setUseOptimisticConcurrency(true);
            session.store(new User("New", 5), "users/occ"); // a new entity with an existing id
            assertThatThrownBy(session::saveChanges).isInstanceOf(ConcurrencyException.class);
        }
    }

    @Test
    void patchInABatch() {
        try (IDocumentSession session = fixture.store().openSession()) {
            session.store(new User("P", 1), "users/p");
            session.saveChanges();
        }
        try (IDocumentSession session = fixture.store().openSession()) {
            User user = session.load(User.class, "users/p");
            session.advanced().increment(user, "age", 10);
            session.advanced().patch(user, "name", "Patched");
            session.saveChanges();
        }
        try (IDocumentSession session = fixture.store().openSession()) {
            User user = session.load(User.class, "users/p");
            assertThat(user.getAge()).isEqualTo(11);
            assertThat(user.getName()).isEqualTo("Patched");
        }
    }

    @Test
    void databaseAdministrationAndStatistics() {
        try (IDocumentSession session = fixture.store().openSession()) {
            session.store(new User("S", 1), "users/s1");
            session.store(new User("S", 2), "users/s2");
            session.saveChanges();
            session.delete("users/s2");
            session.saveChanges();
        }
        DatabaseStatistics stats = fixture.store().maintenance().send(new GetStatisticsOperation());
        assertThat(stats.getCountOfDocuments()).isEqualTo(1);
        assertThat(stats.getCountOfTombstones()).isEqualTo(1);
        assertThat(stats.getLastDocEtag()).isEqualTo(3);
        assertThat(stats.getDatabaseId()).hasSize(22);
        DatabaseRecordWithEtag record = fixture.store().maintenance().server()
                .send(new GetDatabaseRecordOperation(fixture.database()));
        assertThat(record.getDatabaseName()).isEqualTo(fixture.database());
        assertThat(record.getTopology().getMembers()).containsExactly("A");
        String[] names = fixture.store().maintenance().server().send(new GetDatabaseNamesOperation(0, 1000));
        assertThat(names).contains(fixture.database());
        assertThat(fixture.store().maintenance().server().send(new GetDatabaseRecordOperation("nosuchdb"))).isNull();
    }

    @Test
    void conflictSolverIsStoredInTheRecord() {
        net.ravendb.client.serverwide.ScriptResolver resolver = new net.ravendb.client.serverwide.ScriptResolver();
        resolver.setScript("return docs[0];");
        net.ravendb.client.serverwide.operations.ModifySolverResult result = fixture.store().maintenance().server()
                .send(new net.ravendb.client.serverwide.operations.ModifyConflictSolverOperation(fixture.database(),
                        Map.of("Users", resolver), true));
        assertThat(result.getKey()).isEqualTo(fixture.database());
        assertThat(result.getRaftCommandIndex()).isPositive();
        DatabaseRecordWithEtag record = fixture.store().maintenance().server()
                .send(new GetDatabaseRecordOperation(fixture.database()));
        assertThat(record.getConflictSolverConfig().isResolveToLatest()).isTrue();
        assertThat(record.getConflictSolverConfig().getResolveByCollection().get("Users").getScript())
                .isEqualTo("return docs[0];");
    }

    @Test
    void unknownDatabaseIsReportedAsSuch() {
        try (var store = new net.ravendb.client.documents.DocumentStore(ClientFixture.URL, "no-such-database")) {
            store.initialize();
            try (IDocumentSession session = store.openSession()) {
                assertThatThrownBy(() -> session.load(User.class, "users/1"))
                        .isInstanceOf(DatabaseDoesNotExistException.class);
            }
        }
    }
}
