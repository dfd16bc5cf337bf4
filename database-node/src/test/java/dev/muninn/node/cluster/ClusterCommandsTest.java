package dev.muninn.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.cluster.commands.AddNode;
import dev.muninn.node.cluster.commands.BootstrapCluster;
import dev.muninn.node.cluster.commands.ClusterCommand;
import dev.muninn.node.cluster.commands.CommandResult;
import dev.muninn.node.cluster.commands.CreateDatabase;
import dev.muninn.node.cluster.commands.DeleteCompareExchange;
import dev.muninn.node.cluster.commands.DeleteDatabase;
import dev.muninn.node.cluster.commands.Noop;
import dev.muninn.node.cluster.commands.PutCompareExchange;
import dev.muninn.node.cluster.commands.RemoveNode;
import dev.muninn.node.cluster.commands.SetWatcher;
import dev.muninn.node.cluster.state.ClusterStore;
import dev.muninn.node.storage.ServerStorage;
import dev.muninn.node.storage.StorageEnvironment;

/** Each command's applyTo against the real Xodus-backed store, plus replay, snapshot and serialisation. */
class ClusterCommandsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    ServerStorage storage;
    ClusterStore store;
    long index;

    @BeforeEach
    void open() {
        storage = ServerStorage.cluster(new StorageEnvironment(dir.resolve("a"), false));
        store = new ClusterStore(storage);
    }

    @AfterEach
    void close() {
        storage.close();
    }

    static NodeInfo node(String tag) {
        return new NodeInfo(tag, "server-" + tag, "http://" + tag, tag + ":1", false);
    }

    CommandResult apply(ClusterCommand command) throws Exception {
        // Through JSON, as the log carries it.
        ClusterCommand decoded = JSON.readValue(JSON.writeValueAsBytes(command), ClusterCommand.class);
        assertThat(decoded).isEqualTo(command);
        return store.apply(decoded, 1, ++index).orElseThrow();
    }

    ObjectNode settings() {
        return JSON.createObjectNode().put("DatabaseName", "x");
    }

    /** ClusterState moves its view to the new index after these instead of reading it again: they must not change it. */
    @Test
    void commandsThatSayTheyLeaveTheViewAloneDo() throws Exception {
        apply(new BootstrapCluster("11111111-1111-1111-1111-111111111111", node("A")));
        apply(new AddNode(node("B")));
        apply(new CreateDatabase("Shop", List.of("A", "B"), 2, "t1", settings()));
        ClusterView before = store.view();
        List<ClusterCommand> commands = List.of(new Noop("x"),
                new PutCompareExchange("Shop", "users/1", 0, JSON.readTree("{\"Object\":1}")),
                new PutCompareExchange("Shop", "users/2", 0, JSON.readTree("{\"Object\":2}")));
        for (ClusterCommand command : commands) {
            assertThat(command.changesView()).isFalse();
            assertThat(apply(command).ok()).as("%s", command).isTrue();
            assertThat(store.view()).isEqualTo(before.at(index));
        }
        long written = index;
        DeleteCompareExchange delete = new DeleteCompareExchange("Shop", "users/2", written);
        assertThat(delete.changesView()).isFalse();
        assertThat(apply(delete).ok()).isTrue();
        assertThat(store.view()).isEqualTo(before.at(index));
        assertThat(new CreateDatabase("Other", List.of("A"), 1, "t2", settings()).changesView()).isTrue();
    }

    @Test
    void bootstrapOnceThenAddRemoveAndWatch() throws Exception {
        assertThat(apply(new BootstrapCluster("11111111-1111-1111-1111-111111111111", node("A"))).ok()).isTrue();
        assertThat(apply(new BootstrapCluster("22222222-2222-2222-2222-222222222222", node("B"))).ok()).isFalse();
        assertThat(apply(new AddNode(node("B"))).ok()).isTrue();
        assertThat(apply(new AddNode(new NodeInfo("B", "someone-else", "u", "a:1", false))).error()).isEqualTo("TagInUse");
        assertThat(apply(new AddNode(new NodeInfo("C", "server-B", "u", "a:1", false))).error())
                .isEqualTo("AlreadyMember");
        assertThat(apply(new SetWatcher("B", true)).ok()).isTrue();
        ClusterView view = store.view();
        assertThat(view.topologyId()).isEqualTo("11111111-1111-1111-1111-111111111111");
        assertThat(view.voters()).extracting(NodeInfo::tag).containsExactly("A");
        assertThat(view.watchers()).extracting(NodeInfo::tag).containsExactly("B");
        assertThat(view.nextFreeTag()).isEqualTo("C");
        assertThat(apply(new RemoveNode("B")).ok()).isTrue();
        assertThat(store.view().nodes()).containsOnlyKeys("A");
        assertThat(apply(new RemoveNode("Z")).error()).isEqualTo("NoSuchNode");
    }

    @Test
    void membersAreReorderedOnlyWhenTheSetIsUnchanged() throws Exception {
        apply(new BootstrapCluster("11111111-1111-1111-1111-111111111111", node("A")));
        apply(new AddNode(node("B")));
        apply(new AddNode(node("C")));
        apply(new CreateDatabase("Shop", List.of("A", "B", "C"), 3, "t1", settings()));
        long before = store.view().records().get("shop").etag();
        CommandResult reordered = apply(new dev.muninn.node.cluster.commands.ReorderMembers("shop",
                List.of("B", "C", "A")));
        assertThat(reordered.ok()).isTrue();
        DatabaseRecord record = store.view().records().get("shop");
        assertThat(record.members()).containsExactly("B", "C", "A");
        assertThat(record.etag()).as("clients see a newer topology").isGreaterThan(before);
        assertThat(record.settings()).isEqualTo(settings());
        assertThat(apply(new dev.muninn.node.cluster.commands.ReorderMembers("shop", List.of("B", "A"))).error())
                .isEqualTo("StaleTopology");
        assertThat(apply(new dev.muninn.node.cluster.commands.ReorderMembers("shop", List.of("A", "B", "D")))
                .error()).isEqualTo("StaleTopology");
        assertThat(apply(new dev.muninn.node.cluster.commands.ReorderMembers("nope", List.of("A"))).error())
                .isEqualTo("NoSuchDatabase");
        assertThat(UnreachableMembersLast.reachableFirst(List.of("A", "B", "C"), "A"::equals))
                .containsExactly("B", "C", "A");
    }

    @Test
    void databasesAreCreatedOnceAndDeletedFromNodesOrEverywhere() throws Exception {
        apply(new BootstrapCluster("11111111-1111-1111-1111-111111111111", node("A")));
        apply(new AddNode(node("B")));
        apply(new AddNode(node("C")));
        CommandResult created = apply(new CreateDatabase("Shop", List.of("A", "B", "C"), 3, "t1", settings()));
        assertThat(created.ok()).isTrue();
        assertThat(apply(new CreateDatabase("shop", List.of("A"), 1, "t2", settings())).error())
                .isEqualTo("DatabaseExists");
        assertThat(apply(new CreateDatabase("other", List.of("Q"), 1, "t3", settings())).error())
                .isEqualTo("NoSuchNode");
        DatabaseRecord record = store.view().records().get("shop");
        assertThat(record.members()).containsExactly("A", "B", "C");
        assertThat(record.etag()).isEqualTo(created.index());
        apply(new DeleteDatabase("shop", false, List.of("B")));
        assertThat(store.view().records().get("shop").members()).containsExactly("A", "C");
        assertThat(store.view().records().get("shop").replicationFactor()).as("fewer copies asked for").isEqualTo(2);
        assertThat(store.view().records().get("shop").etag()).as("topology etag moves").isGreaterThan(created.index());
        apply(new RemoveNode("C"));
        assertThat(store.view().records().get("shop").members()).containsExactly("A");
        assertThat(store.view().records().get("shop").replicationFactor()).as("a lost node's copy is still wanted")
                .isEqualTo(2);
        apply(new DeleteDatabase("shop", true, List.of()));
        assertThat(store.view().records()).isEmpty();
    }

    @Test
    void replayedEntriesAreSkipped() throws Exception {
        apply(new BootstrapCluster("11111111-1111-1111-1111-111111111111", node("A")));
        assertThat(store.apply(new AddNode(node("B")), 1, index)).as("same index again").isEmpty();
        assertThat(store.view().nodes()).containsOnlyKeys("A");
        assertThat(store.appliedIndex()).isEqualTo(index);
    }

    @Test
    void snapshotDumpLoadsIntoAnotherStoreWithTheSameHash() throws Exception {
        apply(new BootstrapCluster("11111111-1111-1111-1111-111111111111", node("A")));
        apply(new AddNode(node("B")));
        apply(new CreateDatabase("db", List.of("A", "B"), 2, "t", settings()));
        byte[] dump = store.dump();
        try (ServerStorage other = ServerStorage.cluster(new StorageEnvironment(dir.resolve("b"), false))) {
            ClusterStore copy = new ClusterStore(other);
            copy.apply(new AddNode(node("Z")), 1, 1); // state the snapshot must replace
            copy.load(dump);
            assertThat(copy.hash()).isEqualTo(store.hash());
            assertThat(copy.view()).isEqualTo(store.view());
            assertThat(copy.appliedIndex()).isEqualTo(index);
        }
    }

    @Test
    void aRetriedRequestIdGetsTheFirstResultAndChangesNothing() throws Exception {
        apply(new BootstrapCluster("11111111-1111-1111-1111-111111111111", node("A")));
        var create = new dev.muninn.node.cluster.commands.CommandEnvelope("req-1",
                new CreateDatabase("Once", List.of("A"), 1, "t", settings()));
        CommandResult first = store.apply(create, 1, ++index).orElseThrow();
        long etag = store.view().records().get("once").etag();
        CommandResult retried = store.apply(create, 1, ++index).orElseThrow();
        assertThat(first.ok()).isTrue();
        assertThat(retried).isEqualTo(first);
        assertThat(store.view().records().get("once").etag()).isEqualTo(etag);
        var other = new dev.muninn.node.cluster.commands.CommandEnvelope("req-2",
                new CreateDatabase("Once", List.of("A"), 1, "t", settings()));
        assertThat(store.apply(other, 1, ++index).orElseThrow().error()).isEqualTo("DatabaseExists");
        assertThat(store.requestResult("req-1")).contains(first);
    }

    @Test
    void placementPrefersLeastLoadedVotersAndRejectsTooLargeFactors() {
        ClusterView view = new ClusterView("t", java.util.Map.of("A", node("A"), "B", node("B"), "C", node("C"),
                "D", node("D").withWatcher(true)),
                java.util.Map.of("x", new DatabaseRecord("x", List.of("A", "B"), 2, false, "t", 1, settings())), 5);
        assertThat(ClusterClient.place(view, 1, "n")).containsExactly("C");
        assertThat(ClusterClient.place(view, 3, "n")).containsExactly("C", "A", "B");
        assertThatThrownBy(() -> ClusterClient.place(view, 5, "n")).isInstanceOf(NotEnoughNodesException.class);
        // A node that does not answer gets nothing; too few live nodes: the live ones, the factor is kept.
        assertThat(ClusterClient.place(view, 2, "n", n -> !n.tag().equals("C"))).containsExactly("A", "B");
        assertThat(ClusterClient.place(view, 3, "n", n -> n.tag().equals("B"))).containsExactly("B");
        assertThatThrownBy(() -> ClusterClient.place(view, 1, "n", n -> false)).isInstanceOf(NotEnoughNodesException.class);
    }

    @Test
    void aClusterTransactionIsAllOrNothingAndItsDocumentsOutliveSnapshotsButNotTheDatabase() throws Exception {
        apply(new BootstrapCluster("11111111-1111-1111-1111-111111111111", node("A")));
        apply(new CreateDatabase("Bank", List.of("A"), 1, "topo", settings()));
        ObjectNode put = JSON.createObjectNode().put("Type", "PUT").put("Id", "accounts/1");
        put.putObject("Document").put("Balance", 10);
        ObjectNode reserve = JSON.createObjectNode().put("Type", "CompareExchangePUT").put("Id", "names/a")
                .put("Index", 0);
        reserve.putObject("Document").put("Object", "a");
        CommandResult first = apply(new dev.muninn.node.cluster.commands.ClusterTransaction("bank", List.of(put),
                List.of(reserve), true));
        assertThat(first.ok()).isTrue();
        assertThat(store.compareExchange("bank", "rvn-atomic/accounts/1").orElseThrow().index()).isEqualTo(first.index());
        assertThat(store.clusterTransactions("bank", 0, 10)).hasSize(1);

        // A second writer that never saw accounts/1 and reserves the same name: both violations, nothing applied.
        CommandResult second = apply(new dev.muninn.node.cluster.commands.ClusterTransaction("bank", List.of(put),
                List.of(reserve), true));
        assertThat(second.error()).isEqualTo("ClusterTransactionConcurrency");
        assertThat(second.value().path("ConcurrencyViolations")).hasSize(2);
        assertThat(store.clusterTransactions("bank", 0, 10)).hasSize(1);

        // The writer that read the version (its change vector names the guard's index) wins.
        ObjectNode update = put.deepCopy().put("OriginalChangeVector", "A:3-x, RAFT:" + first.index() + "-topo");
        CommandResult third = apply(new dev.muninn.node.cluster.commands.ClusterTransaction("bank", List.of(update),
                List.of(), true));
        assertThat(third.ok()).isTrue();
        assertThat(store.clusterTransactions("bank", first.index(), 10)).singleElement()
                .satisfies(t -> assertThat(t.path("Index").asLong()).isEqualTo(third.index()));

        ServerStorage other = ServerStorage.cluster(new StorageEnvironment(dir.resolve("b"), false));
        try {
            ClusterStore restored = new ClusterStore(other);
            restored.load(store.dump());
            assertThat(restored.clusterTransactions("bank", 0, 10)).hasSize(2);
            assertThat(restored.hash()).isEqualTo(store.hash());
        } finally {
            other.close();
        }

        apply(new dev.muninn.node.cluster.commands.DeleteDatabase("bank", true, List.of()));
        assertThat(store.clusterTransactions("bank", 0, 10)).isEmpty();
        assertThat(store.compareExchange("bank", "rvn-atomic/accounts/1")).isEmpty();
    }

    @Test
    void tagsAreSpreadsheetColumns() {
        assertThat(NodeTags.ofOrdinal(0)).isEqualTo("A");
        assertThat(NodeTags.ofOrdinal(25)).isEqualTo("Z");
        assertThat(NodeTags.ofOrdinal(26)).isEqualTo("AA");
        for (int i = 0; i < 2000; i++) {
            assertThat(NodeTags.ordinal(NodeTags.ofOrdinal(i))).isEqualTo(i);
        }
        assertThat(NodeTags.isValid("AB")).isTrue();
        assertThat(NodeTags.isValid("a")).isFalse();
    }
}
