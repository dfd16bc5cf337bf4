package dev.muninn.node.http.errors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.muninn.node.cluster.ClusterState;
import io.quarkus.runtime.StartupEvent;

/** Gives the request log the node's tag once the node runs (the tag is known only after the cluster state loads). */
@ApplicationScoped
class RequestLogIdentity {
    void onStart(@Observes StartupEvent event, ClusterState cluster) {
        RequestOutcomeLog.identifyNode(cluster::nodeTagOrUnknown);
    }
}
