package dev.muninn.node.observability;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.muninn.node.cluster.ClusterState;

/** Ready once the server environment is open and the node knows its identity (used by the operator's probes). */
@Readiness
@ApplicationScoped
public class StorageHealthCheck implements HealthCheck {
    @Inject
    ClusterState cluster;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("server-storage").up()
                .withData("nodeTag", cluster.nodeTagOrUnknown())
                .withData("clusterIndex", cluster.index())
                .build();
    }
}
