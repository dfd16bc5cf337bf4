package dev.muninn.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import net.ravendb.client.documents.operations.compareExchange.CompareExchangeResult;
import net.ravendb.client.documents.operations.compareExchange.CompareExchangeValue;
import net.ravendb.client.documents.operations.compareExchange.DeleteCompareExchangeValueOperation;
import net.ravendb.client.documents.operations.compareExchange.GetCompareExchangeValueOperation;
import net.ravendb.client.documents.operations.compareExchange.GetCompareExchangeValuesOperation;
import net.ravendb.client.documents.operations.compareExchange.PutCompareExchangeValueOperation;

/** Compare-exchange through the official client: compare-and-set by index, reads by key and prefix, deletes. */
@QuarkusTest
class CompareExchangeClientTest extends ClientTestBase {

    public static class Owner {
        private String name;

        public Owner() {
        }

        Owner(String name) {
            this.name = name;
        }

        public String getName() { return name; }

        public void setName(String name) { this.name = name; }
    }

    private CompareExchangeResult<Owner> put(String key, String owner, long index) {
        return fixture.store().operations().send(new PutCompareExchangeValueOperation<>(key, new Owner(owner), index));
    }

    @Test
    void indexZeroCreatesOnlyWhenTheKeyIsFree() {
        CompareExchangeResult<Owner> first = put("users/ayende", "alice", 0);
        assertThat(first.isSuccessful()).isTrue();
        assertThat(first.getIndex()).isPositive();
        assertThat(first.getValue().getName()).isEqualTo("alice");

        CompareExchangeResult<Owner> second = put("users/ayende", "bob", 0);
        assertThat(second.isSuccessful()).isFalse();
        assertThat(second.getIndex()).isEqualTo(first.getIndex());
        assertThat(second.getValue().getName()).isEqualTo("alice");
    }

    @Test
    void theCurrentIndexReplacesAndAStaleOneDoesNot() {
        long index = put("lock", "alice", 0).getIndex();
        CompareExchangeResult<Owner> replaced = put("lock", "bob", index);
        assertThat(replaced.isSuccessful()).isTrue();
        assertThat(replaced.getIndex()).isGreaterThan(index);

        CompareExchangeResult<Owner> stale = put("lock", "carol", index);
        assertThat(stale.isSuccessful()).isFalse();
        assertThat(stale.getIndex()).isEqualTo(replaced.getIndex());
        assertThat(stale.getValue().getName()).isEqualTo("bob");

        CompareExchangeValue<Owner> read = fixture.store().operations()
                .send(new GetCompareExchangeValueOperation<>(Owner.class, "LOCK"));
        assertThat(read.getKey()).isEqualTo("lock");
        assertThat(read.getIndex()).isEqualTo(replaced.getIndex());
        assertThat(read.getValue().getName()).isEqualTo("bob");
    }

    @Test
    void readsByKeysAndByPrefixWithPaging() {
        for (String name : List.of("a", "b", "c", "d")) {
            put("rooms/" + name, name, 0);
        }
        put("other/x", "x", 0);
        Map<String, CompareExchangeValue<Owner>> byKeys = fixture.store().operations()
                .send(new GetCompareExchangeValuesOperation<>(Owner.class, new String[]{"rooms/a", "rooms/c", "nope"}));
        assertThat(byKeys).containsOnlyKeys("rooms/a", "rooms/c");

        Map<String, CompareExchangeValue<Owner>> page = fixture.store().operations()
                .send(new GetCompareExchangeValuesOperation<>(Owner.class, "rooms/", 1, 2));
        assertThat(page).containsOnlyKeys("rooms/b", "rooms/c");
        assertThat(fixture.store().operations().send(new GetCompareExchangeValueOperation<>(Owner.class, "missing")))
                .isNull();
    }

    @Test
    void deleteNeedsTheCurrentIndex() {
        long index = put("lease", "alice", 0).getIndex();
        CompareExchangeResult<Owner> stale = fixture.store().operations()
                .send(new DeleteCompareExchangeValueOperation<>(Owner.class, "lease", index - 1));
        assertThat(stale.isSuccessful()).isFalse();
        assertThat(fixture.store().operations().send(new GetCompareExchangeValueOperation<>(Owner.class, "lease")))
                .isNotNull();

        CompareExchangeResult<Owner> deleted = fixture.store().operations()
                .send(new DeleteCompareExchangeValueOperation<>(Owner.class, "lease", index));
        assertThat(deleted.isSuccessful()).isTrue();
        assertThat(deleted.getValue().getName()).isEqualTo("alice");
        assertThat(fixture.store().operations().send(new GetCompareExchangeValueOperation<>(Owner.class, "lease")))
                .isNull();
        assertThat(put("lease", "bob", 0).isSuccessful()).isTrue();
    }

    @Test
    void anIndexThatIsNotANumberIsAClearError() throws Exception {
        var response = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(ClientFixture.URL + "/databases/" + fixture.database() + "/cmpxchg?key=k&index=abc"))
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"Object\":1}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("'index' must be a number, got 'abc'");
        assertThat(fixture.store().operations().send(new GetCompareExchangeValueOperation<>(Owner.class, "k"))).isNull();
    }
}
