package dev.muninn.operator.reconcile;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;

import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

import dev.muninn.nodeclient.NodeAdminClient;
import dev.muninn.operator.api.v1alpha1.OperationStatus;
import dev.muninn.operator.model.InvalidSpecException;

/**
 * A resource that runs one node operation once (a backup, a restore): start it on a node, then follow the node's
 * operation state until it completes or fails; a finished resource is never run again. Subclasses say how to start
 * and what a completed operation's result means.
 */
abstract class OneShotOperationReconciler<R extends CustomResource<?, S>, S extends OperationStatus>
        implements Reconciler<R> {
    static final String RUNNING = "Running";
    static final String SUCCEEDED = "Succeeded";
    static final String FAILED = "Failed";
    static final Duration POLL = Duration.ofSeconds(2);

    final NodeAdminClient admin;
    final ClusterNodes nodes;
    final EventRecorder events;
    private final Supplier<S> newStatus;

    OneShotOperationReconciler(KubernetesClient client, NodeAdminClient admin, Supplier<S> newStatus) {
        this.admin = admin;
        this.nodes = new ClusterNodes(client);
        this.events = new EventRecorder(client);
        this.newStatus = newStatus;
    }

    /** A started operation, on the node that runs it. */
    record Started(String node, long operationId, String description) {
    }

    /**
     * Starts the operation, or returns empty after setting a waiting condition (no node ready yet). Throws
     * {@link InvalidSpecException} when it can never run, which fails the resource with that message.
     */
    abstract Optional<Started> start(R resource, S status, long generation);

    /** Records a completed operation's result in the status; returns the message saying what it did. */
    abstract String completed(R resource, S status, JsonNode result);

    /** The event reasons' subject: "Backup", "Restore". */
    abstract String subject();

    @Override
    public UpdateControl<R> reconcile(R resource, Context<R> context) {
        S status = resource.getStatus() == null ? newStatus.get() : resource.getStatus();
        resource.setStatus(status);
        long generation = resource.getMetadata().getGeneration() == null ? 0 : resource.getMetadata().getGeneration();
        status.setObservedGeneration(generation);
        if (SUCCEEDED.equals(status.getPhase()) || FAILED.equals(status.getPhase())) {
            return UpdateControl.noUpdate(); // it ran once
        }
        try {
            if (status.getOperationId() == null) {
                Optional<Started> started = start(resource, status, generation);
                if (started.isEmpty()) {
                    return UpdateControl.patchStatus(resource).rescheduleAfter(POLL.multipliedBy(3));
                }
                status.setOperationId(started.get().operationId());
                status.setNode(started.get().node());
                status.setPhase(RUNNING);
                status.setStartTime(Instant.now().toString());
                status.setConditions(Conditions.set(status.getConditions(), "Complete", false, RUNNING,
                        started.get().description(), generation));
                events.normal(resource, subject() + "Started", started.get().description() + " (operation "
                        + started.get().operationId() + ")");
                return UpdateControl.patchStatus(resource).rescheduleAfter(POLL);
            }
            return follow(resource, status, generation);
        } catch (InvalidSpecException e) {
            return finish(resource, status, FAILED, "InvalidSpec", e.getMessage(), generation);
        } catch (RuntimeException e) {
            events.warning(resource, "AdminCallFailed", e.getMessage());
            return UpdateControl.patchStatus(resource).rescheduleAfter(POLL.multipliedBy(5));
        }
    }

    /** Marks the resource as waiting with the reason (no operation started yet). */
    void waiting(S status, String reason, String message, long generation) {
        status.setConditions(Conditions.set(status.getConditions(), "Complete", false, reason, message, generation));
    }

    private UpdateControl<R> follow(R resource, S status, long generation) {
        Optional<JsonNode> state = admin.operationState(status.getNode(), status.getOperationId());
        if (state.isEmpty()) {
            return finish(resource, status, FAILED, "OperationLost", "The node " + status.getNode()
                    + " no longer knows operation " + status.getOperationId() + " (it restarted): create the "
                    + resource.getKind() + " again", generation);
        }
        String progress = state.get().path("Status").asText();
        if ("Completed".equals(progress)) {
            String message = completed(resource, status, state.get().path("Result"));
            return finish(resource, status, SUCCEEDED, subject() + "Succeeded", message, generation);
        }
        if ("Faulted".equals(progress)) {
            return finish(resource, status, FAILED, subject() + "Failed", state.get().path("Result").path("Message")
                    .asText("the operation failed"), generation);
        }
        return UpdateControl.patchStatus(resource).rescheduleAfter(POLL);
    }

    private UpdateControl<R> finish(R resource, S status, String phase, String reason, String message,
                                    long generation) {
        status.setPhase(phase);
        status.setMessage(message);
        status.setCompletionTime(Instant.now().toString());
        status.setConditions(Conditions.set(status.getConditions(), "Complete", SUCCEEDED.equals(phase), reason,
                message, generation));
        if (SUCCEEDED.equals(phase)) {
            events.normal(resource, reason, message);
        } else {
            events.warning(resource, reason, message);
        }
        return UpdateControl.patchStatus(resource);
    }
}
