package dev.muninn.node.http;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.documents.DatabasesLandlord;
import dev.muninn.node.documents.counters.CounterBatch;
import dev.muninn.node.documents.counters.CounterDetail;
import dev.muninn.node.documents.counters.CounterOperation;
import dev.muninn.node.documents.counters.CounterReads;
import dev.muninn.node.documents.counters.DocumentCounters;
import dev.muninn.node.http.errors.InvalidRequestException;
import dev.muninn.node.security.Access;
import dev.muninn.node.security.RequiredAccess;

/**
 * The clients' {@code CounterBatchOperation} (POST, one transaction) and {@code GetCountersOperation} (GET with
 * {@code docId}, {@code counter} repeated and {@code full}; POST with {@code docId} and a batch of reads when the
 * names are too long for a URL). A counter asked for that does not exist is a null in its place.
 */
@Path("/databases/{db}/counters")
@Produces(MediaType.APPLICATION_JSON)
public class CountersResource {
    @Inject
    DatabasesLandlord landlord;

    @Inject
    AccessFilter access;

    @Access(RequiredAccess.DatabaseRead)
    @GET
    public ObjectNode get(@PathParam("db") String db, @QueryParam("docId") String documentId,
                          @QueryParam("counter") List<String> counters, @QueryParam("full") String full) {
        if (documentId == null || documentId.isEmpty()) {
            throw new InvalidRequestException("Getting counters needs a docId");
        }
        List<String> names = new ArrayList<>(new LinkedHashSet<>(counters == null ? List.of() : counters));
        names.removeIf(String::isEmpty);
        List<CounterDetail> details = landlord.get(db).read(reader -> CounterReads.read(reader.storage(),
                reader.transaction(), documentId, names));
        return CountersJson.detail(details, "true".equalsIgnoreCase(full), true);
    }

    /**
     * Reading needs read access (GetCountersOperation's long form), changing needs read-write: checked here, once the
     * body says which.
     */
    @Access(RequiredAccess.DatabaseRead)
    @POST
    public Response batch(@PathParam("db") String db, byte[] body,
                          @jakarta.ws.rs.core.Context io.vertx.ext.web.RoutingContext routing) {
        ObjectNode request = Bodies.object(body, "The counter batch");
        List<DocumentCounters> documents = CountersJson.batch(request);
        boolean reads = documents.stream().allMatch(CountersResource::onlyReads);
        if (!reads) {
            var refused = access.refusal(routing, RequiredAccess.DatabaseReadWrite, db);
            if (refused.isPresent()) {
                return refused.get();
            }
        }
        return Response.ok(answer(db, request, documents, reads)).build();
    }

    private ObjectNode answer(String db, ObjectNode request, List<DocumentCounters> documents, boolean reads) {
        boolean full = request.path("ReplyWithAllNodesValues").asBoolean(false);
        var database = landlord.get(db);
        if (reads) {
            // GetCountersOperation's long form, or a batch that changes nothing: one snapshot read, no transaction
            List<CounterDetail> details = database.read(reader -> {
                List<CounterDetail> read = new ArrayList<>();
                for (DocumentCounters document : documents) {
                    List<String> names = document.operations().stream()
                            .filter(o -> o.type() == CounterOperation.Type.GET).map(CounterOperation::name).toList();
                    boolean all = document.operations().stream()
                            .anyMatch(o -> o.type() == CounterOperation.Type.GET_ALL);
                    read.addAll(CounterReads.read(reader.storage(), reader.transaction(), document.documentId(),
                            all ? List.of() : names));
                }
                return read;
            });
            return CountersJson.detail(details, full, true);
        }
        return CountersJson.detail(database.write(new CounterBatch(documents)), full, true);
    }

    private static boolean onlyReads(DocumentCounters document) {
        return document.operations().stream().allMatch(o -> o.type() == CounterOperation.Type.GET
                || o.type() == CounterOperation.Type.GET_ALL);
    }
}
