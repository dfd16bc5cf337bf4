package dev.muninn.node.http;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.security.Access;
import dev.muninn.node.security.RequiredAccess;
import dev.muninn.node.cluster.ClusterState;
import dev.muninn.node.cluster.ClusterView;
import dev.muninn.node.cluster.DatabaseDoesNotExistException;
import dev.muninn.node.cluster.DatabaseRecord;
import dev.muninn.node.cluster.NodeInfo;
import dev.muninn.node.cluster.raft.RaftNode;
import dev.muninn.node.config.NodeSettings;
import dev.muninn.node.documents.Json;
import dev.muninn.node.http.errors.InvalidRequestException;

/** How clients find nodes: database topology, cluster topology, node info, TCP info, build version. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class TopologyResource {
    @Inject
    ClusterState cluster;

    @Inject
    RaftNode raft;

    @Inject
    NodeSettings settings;

    /** Members in preferred order; served by every node for every database of the cluster. */
    @Access(RequiredAccess.ValidUser)
    @GET
    @Path("topology")
    public ObjectNode databaseTopology(@QueryParam("name") String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidRequestException("Query string parameter 'name' is required");
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

    @Access(RequiredAccess.ValidUser)
    @GET
    @Path("cluster/topology")
    public ObjectNode clusterTopology() {
        ClusterView view = cluster.view();
        String leaderTag = raft.leaderId().flatMap(view::nodeByServerId).map(NodeInfo::tag).orElse(null);
        String me = cluster.nodeTag().orElse(null);
        ObjectNode response = Json.object();
        ObjectNode topology = response.putObject("Topology");
        topology.put("TopologyId", view.topologyId());
        ObjectNode members = topology.putObject("Members");
        ObjectNode watchers = topology.putObject("Watchers");
        ObjectNode all = topology.putObject("AllNodes");
        for (NodeInfo node : view.nodes().values()) {
            (node.watcher() ? watchers : members).put(node.tag(), node.url());
            all.put(node.tag(), node.url());
        }
        if (me == null) {
            members.put("?", settings.publicUrl()); // a passive node still answers for itself
        }
        topology.putObject("Promotables");
        topology.put("LastNodeId", view.nodes().keySet().stream()
                .max(java.util.Comparator.comparingInt(dev.muninn.node.cluster.NodeTags::ordinal)).orElse(""));
        topology.put("Etag", view.index());
        response.put("Etag", view.index());
        response.put("Leader", leaderTag);
        response.put("NodeTag", me == null ? "?" : me);
        response.put("CurrentState", me == null ? "Passive" : raft.isLeader() ? "Leader" : "Follower");
        response.put("CurrentTerm", raft.currentTerm());
        response.put("RaftDivisionAlive", raft.divisionAlive());
        // The role the division acts in now; after a promotion or demotion it follows the topology within seconds.
        response.put("RaftRole", raft.divisionRole().map(d -> d.closed() ? "Closed" : d.acting().name())
                .orElse("None"));
        response.put("ServerRole", "Member");
        response.putObject("Status");
        return response;
    }

    @Access(RequiredAccess.ValidUser)
    @GET
    @Path("cluster/node-info")
    public ObjectNode nodeInfo() {
        ObjectNode info = Json.object();
        info.put("NodeTag", cluster.nodeTagOrUnknown());
        info.put("TopologyId", cluster.topologyId().orElse(null));
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

    /**
     * RavenDB's TCP endpoint (TcpConnectionInfo), which the clients probe for health and open for subscriptions.
     * Muninn has no RavenDB TCP protocol: the answer names no endpoint, rather than the Raft port, which speaks
     * something else entirely (a client that opened it would hang or fail obscurely).
     */
    @Access(RequiredAccess.ValidUser)
    @GET
    @Path("info/tcp")
    public ObjectNode tcpInfo() {
        ObjectNode info = Json.object();
        info.putNull("Port");
        info.putNull("Url");
        info.putNull("Certificate");
        info.putArray("Urls");
        info.put("NodeTag", cluster.nodeTagOrUnknown());
        info.put("ServerId", cluster.serverId());
        return info;
    }

    /** Muninn's own: who this node is and where its Raft server listens; how a leader learns a new node's identity. */
    @Access(RequiredAccess.ValidUser)
    @GET
    @Path("cluster/node-identity")
    public ObjectNode nodeIdentity() {
        ObjectNode info = Json.object();
        info.put("NodeTag", cluster.nodeTagOrUnknown());
        info.put("ServerId", cluster.serverId());
        info.put("RaftAddress", settings.publicRaftAddress());
        info.put("TopologyId", cluster.topologyId().orElse(null));
        return info;
    }

    @Access(RequiredAccess.Unauthenticated)
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
