package dev.muninn.node.http;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.security.Access;
import dev.muninn.node.security.RequiredAccess;
import dev.muninn.node.documents.DatabaseInstance;
import dev.muninn.node.documents.DatabasesLandlord;
import dev.muninn.node.documents.Json;

/** Statistics, the client's per-database health probe, and client configuration. */
@Path("/databases/{db}")
@Produces(MediaType.APPLICATION_JSON)
@Access(RequiredAccess.DatabaseRead)
public class DatabaseInfoResource {
    @Inject
    DatabasesLandlord landlord;

    @GET
    @Path("stats")
    public ObjectNode stats(@PathParam("db") String db) {
        DatabaseInstance database = landlord.get(db);
        long[] counts = database.read(r -> new long[] {r.countDocuments(), r.countTombstones(), r.countConflicts()});
        ObjectNode stats = Json.object();
        stats.put("CountOfDocuments", counts[0]);
        stats.put("CountOfIndexes", 0);
        stats.put("CountOfRevisionDocuments", 0);
        stats.put("CountOfDocumentsConflicts", counts[2]);
        stats.put("CountOfTombstones", counts[1]);
        stats.put("CountOfConflicts", counts[2]);
        stats.put("CountOfAttachments", 0);
        stats.put("CountOfUniqueAttachments", 0);
        stats.put("CountOfCounterEntries", 0);
        stats.put("CountOfTimeSeriesSegments", 0);
        stats.putArray("Indexes");
        stats.put("DatabaseChangeVector", database.databaseChangeVector().toString());
        stats.put("DatabaseId", database.databaseId());
        stats.put("LastDocEtag", database.lastEtag());
        stats.put("LastDatabaseEtag", database.lastEtag());
        stats.put("Is64Bit", true);
        stats.put("Pager", "Xodus");
        stats.putNull("LastIndexingTime");
        long size = database.diskUsageBytes();
        stats.putObject("SizeOnDisk").put("SizeInBytes", size).put("HumaneSize", humane(size));
        stats.putObject("TempBuffersSizeOnDisk").put("SizeInBytes", 0).put("HumaneSize", "0 Bytes");
        stats.put("NumberOfTransactionMergerQueueOperations", database.merger().queueLength());
        return stats;
    }

    /** The client's GetCollectionStatisticsOperation: documents per collection, kept as documents are written. */
    @GET
    @Path("collections/stats")
    public ObjectNode collectionStats(@PathParam("db") String db) {
        DatabaseInstance database = landlord.get(db);
        ObjectNode stats = Json.object();
        database.read(r -> {
            stats.put("CountOfDocuments", r.countDocuments());
            stats.put("CountOfConflicts", r.countConflicts());
            ObjectNode collections = stats.putObject("Collections");
            r.collectionCounts().forEach(collections::put);
            return null;
        });
        return stats;
    }

    /** 2xx only once the instance is open and can serve; the client moves traffic back on success. */
    @GET
    @Path("healthcheck")
    public ObjectNode healthcheck(@PathParam("db") String db) {
        landlord.get(db);
        return Json.object();
    }

    @GET
    @Path("configuration/client")
    public ObjectNode clientConfiguration(@PathParam("db") String db) {
        landlord.get(db);
        ObjectNode json = Json.object();
        json.put("Etag", 0);
        json.putNull("Configuration");
        return json;
    }

    static String humane(long bytes) {
        if (bytes < 1024) {
            return bytes + " Bytes";
        }
        String[] units = {"KBytes", "MBytes", "GBytes", "TBytes"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(java.util.Locale.ROOT, "%.2f %s", value, units[unit]);
    }
}
