package dev.muninn.node.http;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.security.Access;
import dev.muninn.node.security.RequiredAccess;
import dev.muninn.node.cluster.ClusterClient;
import dev.muninn.node.cluster.ClusterState;
import dev.muninn.node.cluster.CompareExchangeEntry;
import dev.muninn.node.cluster.DatabaseDoesNotExistException;
import dev.muninn.node.documents.Json;
import dev.muninn.node.http.errors.InvalidRequestException;

/**
 * Compare-exchange: cluster-wide keys of a database, written through Raft with compare-and-set on their index (the
 * client's PutCompareExchangeValueOperation, DeleteCompareExchangeValueOperation) and read from the applied state
 * (GetCompareExchangeValue(s)Operation).
 */
@Path("/databases/{database}/cmpxchg")
@Produces(MediaType.APPLICATION_JSON)
public class CompareExchangeResource {
    private static final int DEFAULT_PAGE_SIZE = 1024;

    @Inject
    ClusterState cluster;

    @Inject
    ClusterClient clusterClient;

    @Access(RequiredAccess.DatabaseRead)
    @GET
    public ObjectNode get(@PathParam("database") String database, @QueryParam("key") List<String> keys,
                          @QueryParam("startsWith") String startsWith, @QueryParam("start") String start,
                          @QueryParam("pageSize") String pageSize) {
        requireDatabase(database);
        ObjectNode response = Json.object();
        ArrayNode results = response.putArray("Results");
        if (keys != null && !keys.isEmpty()) {
            for (String key : keys) {
                cluster.compareExchange(database, requireKey(key)).ifPresent(entry -> results.add(render(entry)));
            }
            return response;
        }
        int from = nonNegative("start", start, 0);
        int size = nonNegative("pageSize", pageSize, DEFAULT_PAGE_SIZE);
        cluster.compareExchanges(database, startsWith == null ? "" : startsWith, from, size)
                .forEach(entry -> results.add(render(entry)));
        return response;
    }

    @Access(RequiredAccess.DatabaseReadWrite)
    @PUT
    public JsonNode put(@PathParam("database") String database, @QueryParam("key") String key,
                        @QueryParam("index") String index, @QueryParam("raft-request-id") String requestId,
                        byte[] body) {
        requireDatabase(database);
        String validKey = requireKey(key);
        long expected = index(index);
        ObjectNode value = Bodies.object(body, "The compare exchange value");
        if (!value.has("Object")) {
            throw new InvalidRequestException("The compare exchange value must have an 'Object' property");
        }
        return clusterClient.putCompareExchange(database, validKey, expected, value, requestId);
    }

    @Access(RequiredAccess.DatabaseReadWrite)
    @DELETE
    public JsonNode delete(@PathParam("database") String database, @QueryParam("key") String key,
                           @QueryParam("index") String index, @QueryParam("raft-request-id") String requestId) {
        requireDatabase(database);
        return clusterClient.deleteCompareExchange(database, requireKey(key), index(index), requestId);
    }

    private void requireDatabase(String database) {
        if (cluster.record(database).isEmpty()) {
            throw new DatabaseDoesNotExistException(database);
        }
    }

    private static ObjectNode render(CompareExchangeEntry entry) {
        ObjectNode item = Json.object();
        item.put("Key", entry.key());
        item.put("Index", entry.index());
        item.set("Value", entry.value());
        item.putNull("ChangeVector");
        return item;
    }

    private static String requireKey(String key) {
        if (key == null || key.isBlank()) {
            throw new InvalidRequestException("Query string parameter 'key' is required");
        }
        if (key.length() > 512) {
            throw new InvalidRequestException("A compare exchange key is at most 512 characters, got " + key.length());
        }
        return key;
    }

    private static long index(String index) {
        if (index == null || index.isBlank()) {
            throw new InvalidRequestException("Query string parameter 'index' is required");
        }
        try {
            long value = Long.parseLong(index.trim());
            if (value < 0) {
                throw new InvalidRequestException("Query string parameter 'index' must not be negative, got " + index);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("Query string parameter 'index' must be a number, got '" + index + "'");
        }
    }

    private static int nonNegative(String name, String text, int fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value < 0) {
                throw new InvalidRequestException("Query string parameter '" + name + "' must not be negative");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("Query string parameter '" + name + "' must be a number, got '" + text + "'");
        }
    }
}
