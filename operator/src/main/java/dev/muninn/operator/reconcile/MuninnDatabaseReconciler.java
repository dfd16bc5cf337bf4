package dev.muninn.operator.reconcile;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

import dev.muninn.nodeclient.DatabaseTopology;
import dev.muninn.nodeclient.NodeAdminClient;
import dev.muninn.operator.api.v1alpha1.MuninnCluster;
import dev.muninn.operator.api.v1alpha1.MuninnDatabase;
import dev.muninn.operator.api.v1alpha1.MuninnDatabaseStatus;
import dev.muninn.operator.api.v1alpha1.spec.DeletionPolicy;
import dev.muninn.operator.model.DatabaseSettings;
import dev.muninn.operator.model.ReplicaReduction;

/**
 * Reconciles a MuninnDatabase through its cluster's admin API: creates the database with its replication factor,
 * adds instances when the factor grows (one per reconcile, each caught up and promoted by the supervisor), and
 * reports where it lives. Deleting the resource deletes the database only under {@code deletionPolicy: Delete}.
 * Lowering the factor removes one instance per reconcile, chosen by {@link ReplicaReduction}. The conflict solver
 * and revisions of the spec are sent when the record holds something else.
 */
@ControllerConfiguration(name = "muninndatabase")
public class MuninnDatabaseReconciler implements Reconciler<MuninnDatabase>, Cleaner<MuninnDatabase> {
    private static final Duration RECHECK = Duration.ofSeconds(3);

    private final KubernetesClient client;
    private final NodeAdminClient admin;
    private final EventRecorder events;
    private final ClusterNodes nodes;

    public MuninnDatabaseReconciler(KubernetesClient client, NodeAdminClient admin) {
        this.client = client;
        this.admin = admin;
        this.events = new EventRecorder(client);
        this.nodes = new ClusterNodes(client);
    }

    /** A database follows its cluster: a change of the cluster's status (nodes, scaling) reconciles its databases. */
    @Override
    public List<EventSource<?, MuninnDatabase>> prepareEventSources(EventSourceContext<MuninnDatabase> context) {
        SecondaryToPrimaryMapper<MuninnCluster> databasesOfCluster = cluster -> context.getPrimaryCache()
                .list(cluster.getMetadata().getNamespace(), database -> database.getSpec() != null
                        && database.getSpec().getClusterRef() != null
                        && cluster.getMetadata().getName().equals(database.getSpec().getClusterRef().getName()))
                .map(ResourceID::fromResource).collect(Collectors.toSet());
        return List.of(new InformerEventSource<>(InformerEventSourceConfiguration.from(MuninnCluster.class,
                MuninnDatabase.class).withSecondaryToPrimaryMapper(databasesOfCluster).build(), context));
    }

    static String databaseName(MuninnDatabase database) {
        String name = database.getSpec() == null ? null : database.getSpec().getName();
        return name == null || name.isBlank() ? database.getMetadata().getName() : name;
    }

    @Override
    public UpdateControl<MuninnDatabase> reconcile(MuninnDatabase database, Context<MuninnDatabase> context) {
        MuninnDatabaseStatus status = database.getStatus() == null ? new MuninnDatabaseStatus() : database.getStatus();
        database.setStatus(status);
        long generation = database.getMetadata().getGeneration() == null ? 0 : database.getMetadata().getGeneration();
        status.setObservedGeneration(generation);
        Optional<String> node = readyNodeOf(database);
        if (node.isEmpty()) {
            status.setConditions(Conditions.set(status.getConditions(), "Ready", false, "ClusterNotReady",
                    "MuninnCluster '" + database.getSpec().getClusterRef().getName() + "' has no ready node yet",
                    generation));
            return UpdateControl.patchStatus(database).rescheduleAfter(RECHECK);
        }
        String name = databaseName(database);
        int wanted = database.getSpec().getReplicationFactor();
        try {
            Optional<DatabaseTopology> existing = admin.database(node.get(), name);
            DatabaseTopology topology;
            if (existing.isEmpty()) {
                topology = admin.createDatabase(node.get(), name, wanted, List.of());
                events.normal(database, "Created", "Created database '" + name + "' on " + topology.members());
            } else {
                topology = existing.get();
                int instances = topology.members().size() + topology.promotables().size() + topology.rehabs().size();
                if (instances < wanted) {
                    admin.addDatabaseNode(node.get(), name, null);
                    events.normal(database, "InstanceAdded", "Added an instance of '" + name + "' ("
                            + (instances + 1) + " of " + wanted + ")");
                    topology = admin.database(node.get(), name).orElse(topology);
                } else if (instances > wanted) {
                    Optional<String> drop = ReplicaReduction.choose(topology, clusterNodes(database));
                    if (drop.isPresent()) {
                        admin.deleteDatabase(node.get(), name, true, List.of(drop.get()));
                        events.normal(database, "InstanceRemoved", "Removed the instance of '" + name + "' on "
                                + drop.get() + " (" + (instances - 1) + " of " + wanted + " wanted)");
                        topology = admin.database(node.get(), name).orElse(topology);
                    }
                }
            }
            applySettings(database, node.get(), name);
            status.getTopology().setMembers(topology.members());
            status.getTopology().setPromotables(topology.promotables());
            status.getTopology().setRehabs(topology.rehabs());
            int total = topology.members().size() + topology.promotables().size() + topology.rehabs().size();
            boolean ready = topology.members().size() >= wanted && total == wanted;
            status.setConditions(Conditions.set(status.getConditions(), "Ready", ready, ready ? "AllMembersServing"
                    : total > wanted ? "RemovingInstances" : "InstancesCatchingUp", topology.members().size() + " of "
                    + wanted + " members serve '" + name + "'" + (total > wanted ? " (" + total + " instances)" : ""),
                    generation));
            return UpdateControl.patchStatus(database).rescheduleAfter(ready ? Duration.ofSeconds(30) : RECHECK);
        } catch (RuntimeException e) {
            events.warning(database, "AdminCallFailed", e.getMessage());
            status.setConditions(Conditions.set(status.getConditions(), "Ready", false, "AdminCallFailed",
                    e.getMessage(), generation));
            return UpdateControl.patchStatus(database).rescheduleAfter(RECHECK);
        }
    }

    @Override
    public DeleteControl cleanup(MuninnDatabase database, Context<MuninnDatabase> context) {
        if (database.getSpec() == null || database.getSpec().getDeletionPolicy() != DeletionPolicy.Delete) {
            return DeleteControl.defaultDelete(); // Retain: the database outlives its resource
        }
        Optional<String> node = readyNodeOf(database);
        if (node.isEmpty()) {
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(RECHECK.toMillis());
        }
        admin.deleteDatabase(node.get(), databaseName(database), true, List.of());
        events.normal(database, "Deleted", "Deleted database '" + databaseName(database) + "' and its data");
        return DeleteControl.defaultDelete();
    }

    /** The conflict solver and revisions of the spec, sent only when the record holds something else. */
    private void applySettings(MuninnDatabase database, String node, String name) {
        if (database.getSpec().getConflictSolver() != null) {
            JsonNode desired = DatabaseSettings.conflictSolver(database.getSpec().getConflictSolver());
            if (!sameJson(desired, admin.databaseSetting(node, name, "ConflictSolverConfig").orElse(null))) {
                admin.setConflictSolver(node, name, desired);
                events.normal(database, "ConflictSolverUpdated", "Set the conflict solver of '" + name + "'");
            }
        }
        if (database.getSpec().getRevisions() != null) {
            JsonNode desired = DatabaseSettings.revisions(database.getSpec().getRevisions());
            if (!sameJson(desired, admin.databaseSetting(node, name, "Revisions").orElse(null))) {
                admin.setRevisions(node, name, desired);
                events.normal(database, "RevisionsUpdated", "Set the revisions configuration of '" + name + "'");
            }
        }
    }

    /** Equal JSON, numbers compared by value (the record may hold 5 as an int where the spec gives a long). */
    static boolean sameJson(JsonNode desired, JsonNode current) {
        if (current == null) {
            return false;
        }
        Comparator<JsonNode> byValue = (a, b) -> a.isNumber() && b.isNumber()
                ? Double.compare(a.asDouble(), b.asDouble()) : a.equals(b) ? 0 : 1;
        return desired.equals(byValue, current);
    }

    /** The cluster's wanted node count: instances on higher ordinals are on nodes that are leaving. */
    private int clusterNodes(MuninnDatabase database) {
        MuninnCluster cluster = client.resources(MuninnCluster.class).inNamespace(database.getMetadata().getNamespace())
                .withName(database.getSpec().getClusterRef().getName()).get();
        return cluster == null || cluster.getSpec() == null ? Integer.MAX_VALUE : cluster.getSpec().getNodes();
    }

    private Optional<String> readyNodeOf(MuninnDatabase database) {
        return nodes.readyNode(database.getMetadata().getNamespace(), database.getSpec().getClusterRef().getName());
    }
}
