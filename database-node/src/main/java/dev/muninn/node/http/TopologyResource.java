package dev.muninn.node.http;

import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.cluster.ClusterState;
import dev.muninn.node.cluster.DatabaseDoesNotExistException;
import dev.muninn.node.cluster.DatabaseRecord;
import dev.muninn.node.cluster.NodeIdentity;
import dev.muninn.node.config.NodeSettings;
import dev.muninn.node.documents.Json;

/** How clients find nodes: database topology, cluster topology, node info, build version. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class TopologyResource {
    @Inject
    ClusterState cluster;

    @Inject
    NodeSettings settings;

    /** Members in preferred order; served by every node for every database of the cluster. */
    @GET
    @Path("topology")
    public ObjectNode databaseTopology(@QueryParam("name") String name) {
        if (name == null || name.isBlank()) {
            throw new dev.muninn.node.http.errors.InvalidRequestException("Query string parameter 'name' is required");
        }
        DatabaseRecord record = cluster.record(name).orElseThrow(() -> new DatabaseDoesNotExistException(name));
        ObjectNode topology = Json.object();
        ArrayNode nodes = topology.putArray("Nodes");
        for (String tag : record.members()) {
            nodes.addObject().put("Url", cluster.urlOf(tag)).put("ClusterTag", tag)
                    .put("Database", record.name()).put("ServerRole", "Member");
        }
        topology.putArray("Promotables");
        topology.put("Etag", record.etag());
        return topology;
    }

    @GET
    @Path("cluster/topology")
    public ObjectNode clusterTopology() {
        NodeIdentity me = cluster.identity();
        long index = cluster.index();
        ObjectNode response = Json.object();
        ObjectNode topology = response.putObject("Topology");
        topology.put("TopologyId", me.topologyId());
        ObjectNode members = topology.putObject("Members");
        ObjectNode all = topology.putObject("AllNodes");
        for (Map.Entry<String, String> node : cluster.nodes().entrySet()) {
            members.put(node.getKey(), node.getValue());
            all.put(node.getKey(), node.getValue());
        }
        topology.putObject("Promotables");
        topology.putObject("Watchers");
        topology.put("LastNodeId", me.nodeTag());
        topology.put("Etag", index);
        response.put("Etag", index);
        response.put("Leader", me.nodeTag());
        response.put("NodeTag", me.nodeTag());
        response.put("CurrentState", "Leader");
        response.put("CurrentTerm", 1);
        response.put("ServerRole", "Member");
        response.putObject("Status");
        return response;
    }

    @GET
    @Path("cluster/node-info")
    public ObjectNode nodeInfo() {
        NodeIdentity me = cluster.identity();
        ObjectNode info = Json.object();
        info.put("NodeTag", me.nodeTag());
        info.put("TopologyId", me.topologyId());
        info.putNull("Certificate");
        info.put("ClusterStatus", "Ok");
        info.put("NumberOfCores", Runtime.getRuntime().availableProcessors());
        double gb = Runtime.getRuntime().maxMemory() / (1024.0 * 1024 * 1024);
        info.put("InstalledMemoryInGb", gb);
        info.put("UsableMemoryInGb", gb);
        info.set("BuildInfo", buildInfo());
        info.put("ServerRole", "Member");
        info.put("HasFixedPort", true);
        info.put("ServerSchemaVersion", 60);
        return info;
    }

    /** The cluster executor's health probe; it expects a TcpConnectionInfo shape. */
    @GET
    @Path("info/tcp")
    public ObjectNode tcpInfo() {
        NodeIdentity me = cluster.identity();
        ObjectNode info = Json.object();
        info.put("Port", settings.serverUri().getPort());
        info.put("Url", settings.publicUrl());
        info.putNull("Certificate");
        info.putArray("Urls").add(settings.publicUrl());
        info.put("NodeTag", me.nodeTag());
        info.put("ServerId", me.serverId());
        return info;
    }

    @GET
    @Path("build/version")
    public ObjectNode buildVersion() {
        return buildInfo();
    }

    private static ObjectNode buildInfo() {
        ObjectNode build = Json.object();
        build.put("ProductVersion", "6.0");
        build.put("BuildVersion", 60000);
        build.put("CommitHash", "muninn");
        build.put("FullVersion", ServerHeadersFilter.SERVER_VERSION);
        return build;
    }
}
