package dev.muninn.node.supervisor;

import java.time.Duration;

/**
 * The supervisor's timings, under RavenDB's setting names and defaults: {@code Cluster.SupervisorSamplePeriodInMs}
 * (500), {@code Cluster.TimeBeforeMovingToRehabInSec} (60), {@code Cluster.TimeBeforeAddingReplicaInSec} (900),
 * {@code Cluster.StabilizationTimeInSec} (30: a new leader first hears from every node before it demotes any).
 */
public record SupervisorSettings(Duration samplePeriod, Duration moveToRehabAfter, Duration addReplicaAfter,
                                 Duration stabilization) {
}
