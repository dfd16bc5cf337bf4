package dev.muninn.node.http;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.security.Access;
import dev.muninn.node.security.RequiredAccess;
import dev.muninn.node.cluster.ClusterState;
import dev.muninn.node.cluster.DatabaseRecord;
import dev.muninn.node.documents.DatabasesLandlord;
import dev.muninn.node.documents.Json;
import dev.muninn.node.replication.outgoing.ReplicationLoader;
import dev.muninn.node.supervisor.NodeReportClient;

/**
 * What this node tells the supervisor (on the leader) every sample: for each database it holds an instance of,
 * whether the instance is open, its last etag, how far each other instance acknowledged its writes, and why it
 * cannot serve if it cannot (failed to load, storage failing).
 */
@Path(NodeReportClient.PATH)
@Produces(MediaType.APPLICATION_JSON)
@Access(RequiredAccess.ClusterNode)
public class SupervisorReportResource {
    @Inject
    ClusterState cluster;

    @Inject
    DatabasesLandlord landlord;

    @Inject
    ReplicationLoader replication;

    @GET
    public ObjectNode report() {
        ObjectNode report = Json.object();
        String me = cluster.nodeTagOrUnknown();
        report.put("NodeTag", me);
        ObjectNode databases = report.putObject("Databases");
        for (DatabaseRecord record : cluster.records()) {
            if (!record.hostedOn(me)) {
                continue;
            }
            ObjectNode db = databases.putObject(record.name());
            if (!record.disabled()) {
                landlord.retryOpen(record.name());
            }
            boolean open = landlord.isOpen(record.name());
            db.put("Open", open);
            db.put("LastEtag", open ? landlord.get(record.name()).lastEtag() : 0);
            // An instance that cannot serve says why: it failed to load, or its storage fails to commit.
            java.util.Optional<String> error = open ? landlord.get(record.name()).merger().storageFailure()
                    .map(reason -> "Storage failure: " + reason)
                    : landlord.loadFailure(record.name()).map(reason -> "Database failed to load: " + reason);
            error.ifPresent(reason -> db.put("Error", reason));
            ObjectNode acknowledged = db.putObject("Acknowledged");
            replication.acknowledgedEtags(record.name()).forEach(acknowledged::put);
        }
        return report;
    }
}
