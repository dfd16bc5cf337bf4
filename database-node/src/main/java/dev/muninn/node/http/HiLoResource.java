package dev.muninn.node.http;

import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.security.Access;
import dev.muninn.node.security.RequiredAccess;
import dev.muninn.node.documents.DatabasesLandlord;
import dev.muninn.node.documents.Json;
import dev.muninn.node.documents.Ticks;
import dev.muninn.node.documents.commands.HiLoNext;
import dev.muninn.node.documents.commands.HiLoReturn;
import dev.muninn.node.http.errors.InvalidRequestException;

/**
 * HiLo id ranges. The answer must never carry an ETag: the client caches GETs by URL and a 304 here would hand the
 * same range out twice.
 */
@Path("/databases/{db}/hilo")
@Produces(MediaType.APPLICATION_JSON)
@Access(RequiredAccess.DatabaseReadWrite)
public class HiLoResource {
    @Inject
    DatabasesLandlord landlord;

    @GET
    @Path("next")
    public Response next(@PathParam("db") String db, @QueryParam("tag") String tag,
                         @QueryParam("lastBatchSize") @DefaultValue("0") long lastBatchSize,
                         @QueryParam("lastRangeAt") String lastRangeAt,
                         @QueryParam("identityPartsSeparator") String separator,
                         @QueryParam("lastMax") @DefaultValue("0") long lastMax) {
        requireTag(tag);
        requireNotNegative("lastMax", lastMax);
        requireNotNegative("lastBatchSize", lastBatchSize);
        HiLoNext.Range range = landlord.get(db).write(
                new HiLoNext(tag, lastBatchSize, Ticks.parseOrNull(lastRangeAt), lastMax, separator));
        ObjectNode json = Json.object();
        json.put("Prefix", range.prefix());
        json.put("Low", range.low());
        json.put("High", range.high());
        json.put("LastSize", range.lastSize());
        json.put("ServerTag", range.serverTag());
        json.put("LastRangeAt", Ticks.format(range.lastRangeAtTicks()));
        return Response.status(201).entity(json).header("Cache-Control", "no-store").build();
    }

    @PUT
    @Path("return")
    public Response giveBack(@PathParam("db") String db, @QueryParam("tag") String tag,
                             @QueryParam("end") long end, @QueryParam("last") long last) {
        requireTag(tag);
        requireNotNegative("last", last);
        if (last > end) {
            throw new InvalidRequestException("Query string parameter 'last' (" + last + ") must not be past 'end' ("
                    + end + "): only the unused end of a range can be given back");
        }
        landlord.get(db).write(new HiLoReturn(tag, end, last));
        return Response.noContent().build();
    }

    private static void requireNotNegative(String parameter, long value) {
        if (value < 0) {
            throw new InvalidRequestException("Query string parameter '" + parameter + "' must not be negative, got "
                    + value);
        }
    }

    private static void requireTag(String tag) {
        if (tag == null || tag.isBlank()) {
            throw new InvalidRequestException("Query string parameter 'tag' is required");
        }
    }
}
