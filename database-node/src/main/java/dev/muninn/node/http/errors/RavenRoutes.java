package dev.muninn.node.http.errors;

import java.util.Optional;
import java.util.Set;

/**
 * The routes of RavenDB's HTTP API, as the official clients call them (collected from the Java client 6.0.0's
 * commands), server-wide or after {@code /databases/{name}}. A request for one of them that no resource of this node
 * serves is an operation Muninn does not support yet: the client gets a 501 saying so instead of "no handler", which
 * it could mistake for a typo or a bug (issue 20).
 */
final class RavenRoutes {
    private static final Set<String> ROUTES = Set.of(
            "/admin/analyzers",
            "/admin/backup",
            "/admin/backup-task/delay",
            "/admin/backup/database",
            "/admin/certificates",
            "/admin/certificates/edit",
            "/admin/certificates/replace-cluster-cert",
            "/admin/cluster/node",
            "/admin/compact",
            "/admin/configuration/client",
            "/admin/configuration/server-wide/backup",
            "/admin/configuration/server-wide/external-replication",
            "/admin/configuration/server-wide/state",
            "/admin/configuration/server-wide/task",
            "/admin/configuration/server-wide/tasks",
            "/admin/configuration/settings",
            "/admin/connection-strings",
            "/admin/data-archival/config",
            "/admin/databases",
            "/admin/databases/dynamic-node-distribution",
            "/admin/databases/node",
            "/admin/databases/orchestrator",
            "/admin/databases/promote",
            "/admin/databases/reorder",
            "/admin/databases/set-lock",
            "/admin/databases/shard",
            "/admin/databases/topology/modify",
            "/admin/databases/unused-ids",
            "/admin/documents-compression/config",
            "/admin/etl",
            "/admin/indexes",
            "/admin/indexes/disable",
            "/admin/indexes/enable",
            "/admin/indexes/start",
            "/admin/indexes/stop",
            "/admin/logs/configuration",
            "/admin/operations/kill",
            "/admin/periodic-backup",
            "/admin/queue-sink",
            "/admin/record",
            "/admin/replication/conflicts/solver",
            "/admin/restore/database",
            "/admin/revisions/config",
            "/admin/revisions/config/enforce",
            "/admin/revisions/conflicts/config",
            "/admin/sorters",
            "/admin/tasks",
            "/admin/tasks/external-replication",
            "/admin/tasks/pull-replication/hub",
            "/admin/tasks/pull-replication/hub/access",
            "/admin/tasks/sink-pull-replication",
            "/admin/tasks/state",
            "/admin/timeseries/config",
            "/admin/timeseries/policy",
            "/admin/traffic-watch/configuration",
            "/admin/transactions/start-recording",
            "/admin/transactions/stop-recording",
            "/attachments",
            "/attachments/bulk",
            "/build/version",
            "/bulk_docs",
            "/cluster/node-info",
            "/cluster/topology",
            "/cmpxchg",
            "/collections/stats/detailed",
            "/configuration/client",
            "/counter",
            "/counters",
            "/debug/identities",
            "/docs",
            "/healthcheck",
            "/hilo/next",
            "/hilo/return",
            "/identity/next",
            "/identity/seed",
            "/indexes",
            "/indexes/errors",
            "/indexes/has-changed",
            "/indexes/set-lock",
            "/indexes/set-priority",
            "/indexes/stats",
            "/indexes/status",
            "/indexes/terms",
            "/info/remote-task/tcp",
            "/info/tcp",
            "/periodic-backup/status",
            "/queries",
            "/replication/conflicts",
            "/revisions",
            "/revisions/bin",
            "/revisions/count",
            "/smuggler/export",
            "/smuggler/import",
            "/stats",
            "/stats/detailed",
            "/stats/essential",
            "/subscriptions",
            "/subscriptions/drop",
            "/subscriptions/state",
            "/subscriptions/update",
            "/task",
            "/tasks/pull-replication/hub",
            "/timeseries",
            "/timeseries/names/config",
            "/timeseries/ranges",
            "/timeseries/stats",
            "/topology");

    private RavenRoutes() {
    }

    /** The RavenDB route {@code path} asks for, if it is one. */
    static Optional<String> match(String path) {
        String route = path;
        if (route.startsWith("/databases/")) {
            int slash = route.indexOf('/', "/databases/".length());
            if (slash < 0) {
                return Optional.empty();
            }
            route = route.substring(slash);
        }
        for (String candidate = route; !candidate.isEmpty(); candidate = candidate.substring(0,
                Math.max(0, candidate.lastIndexOf('/')))) {
            if (ROUTES.contains(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
