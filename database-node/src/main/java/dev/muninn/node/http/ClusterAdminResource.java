package dev.muninn.node.http;

import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.security.Access;
import dev.muninn.node.security.RequiredAccess;
import dev.muninn.node.cluster.ClusterClient;
import dev.muninn.node.cluster.NodeInfo;
import dev.muninn.node.documents.Json;
import dev.muninn.node.http.errors.InvalidRequestException;

/**
 * Cluster membership, under RavenDB's routes: add a node ({@code AddClusterNodeCommand}), remove it, promote a
 * watcher, demote a voter. Each is a Raft command, forwarded to the leader from whichever node receives it.
 */
@Path("/admin/cluster")
@Produces(MediaType.APPLICATION_JSON)
@Access(RequiredAccess.ClusterAdmin)
public class ClusterAdminResource {
    @Inject
    ClusterClient cluster;

    @Inject
    dev.muninn.node.cluster.ClusterState state;

    @PUT
    @Path("node")
    public Response addNode(@QueryParam("url") String url, @QueryParam("tag") String tag,
                            @QueryParam("watcher") @DefaultValue("false") boolean watcher) {
        if (url == null || url.isBlank()) {
            throw new InvalidRequestException("Query string parameter 'url' is required");
        }
        NodeInfo node = cluster.addNode(url.trim(), tag, watcher);
        ObjectNode result = Json.object();
        result.put("Tag", node.tag());
        result.put("Url", node.url());
        result.put("Watcher", node.watcher());
        return Response.ok(result).build();
    }

    /** Makes a passive node a cluster of one (RavenDB's route); a node already in a cluster is left as it is. */
    @POST
    @Path("bootstrap")
    public Response bootstrap() {
        cluster.bootstrapIfPassive();
        return Response.noContent().build();
    }

    @DELETE
    @Path("node")
    public Response removeNode(@QueryParam("nodeTag") String tag) {
        cluster.removeNode(requireTag(tag));
        return Response.noContent().build();
    }

    @POST
    @Path("promote")
    public Response promote(@QueryParam("nodeTag") String tag) {
        cluster.setWatcher(requireTag(tag), false);
        return Response.noContent().build();
    }

    @POST
    @Path("demote")
    public Response demote(@QueryParam("nodeTag") String tag) {
        cluster.setWatcher(requireTag(tag), true);
        return Response.noContent().build();
    }

    /** The applied index and a digest of the cluster state on this node (tests compare nodes with it). */
    @jakarta.ws.rs.GET
    @Path("state")
    public ObjectNode state() {
        ObjectNode result = Json.object();
        result.put("Index", state.index());
        result.put("Hash", state.stateHash());
        return result;
    }

    /** Commits a no-op command: checks a majority is there (and is what the cluster bench measures). */
    @POST
    @Path("noop")
    public ObjectNode noop() {
        ObjectNode result = Json.object();
        result.put("RaftCommandIndex", cluster.noop(""));
        return result;
    }

    private static String requireTag(String tag) {
        if (tag == null || tag.isBlank()) {
            throw new InvalidRequestException("Query string parameter 'nodeTag' is required");
        }
        return tag.trim();
    }
}
