package dev.muninn.node.http;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.documents.DatabaseInstance;
import dev.muninn.node.documents.DatabasesLandlord;
import dev.muninn.node.documents.Json;
import dev.muninn.node.documents.QueryRunner;
import dev.muninn.node.documents.Ticks;
import dev.muninn.node.documents.query.Query;
import dev.muninn.node.http.errors.InvalidRequestException;
import dev.muninn.node.security.Access;
import dev.muninn.node.security.RequiredAccess;

/**
 * The clients' {@code stream()}: every result of a query, or every document whose id has a prefix, written as the
 * scan finds it, so memory stays at one document whatever the result's size (an ordered query still holds its page,
 * as a query does). JSON by default (the Java client), one JSON object per line with {@code format=jsonl} (the Python
 * client). A query stream starts with its statistics; the total is not known before the end, so it is -1.
 */
@Path("/databases/{db}/streams")
@Produces(MediaType.APPLICATION_JSON)
@Access(RequiredAccess.DatabaseRead)
public class StreamsResource {
    @Inject
    DatabasesLandlord landlord;

    @POST
    @Path("queries")
    public Response query(@PathParam("db") String db, @QueryParam("format") String format,
                          @QueryParam("metadataOnly") @DefaultValue("false") boolean metadataOnly, byte[] body) {
        DatabaseInstance database = landlord.get(db);
        Query query = QueriesResource.parse(body);
        boolean lines = lines(format);
        StreamingOutput output = out -> write(out, lines, database, stream -> {
            ObjectNode stats = Json.object();
            stats.put("ResultEtag", database.lastEtag());
            stats.put("IsStale", false);
            stats.put("IndexName", query.indexName());
            stats.put("TotalResults", -1);
            stats.put("IndexTimestamp", Ticks.format(Ticks.now()));
            stream.statistics(stats);
            database.read(reader -> QueryRunner.run(reader, query, candidate -> stream.item(QueriesResource.render(
                    query, candidate.documentId(), candidate.document(), metadataOnly))));
        });
        return Response.ok(output, lines ? "application/jsonl" : MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("docs")
    public Response documents(@PathParam("db") String db, @QueryParam("format") String format,
                              @QueryParam("startsWith") @DefaultValue("") String startsWith,
                              @QueryParam("matches") String matches, @QueryParam("exclude") String exclude,
                              @QueryParam("startAfter") String startAfter,
                              @QueryParam("start") @DefaultValue("0") int start,
                              @QueryParam("pageSize") @DefaultValue("2147483647") int pageSize) {
        if (start < 0 || pageSize < 0) {
            throw new InvalidRequestException("start and pageSize must not be negative");
        }
        DatabaseInstance database = landlord.get(db);
        IdPattern pattern = new IdPattern(startsWith, matches, exclude);
        String after = startAfter == null || startAfter.isEmpty() ? null : startAfter.toLowerCase(java.util.Locale.ROOT);
        boolean lines = lines(format);
        StreamingOutput output = out -> write(out, lines, database, stream -> database.read(reader -> {
            long[] seen = {0};
            long[] sent = {0};
            reader.scanIdPrefix(startsWith, doc -> {
                if (after != null && doc.id().toLowerCase(java.util.Locale.ROOT).compareTo(after) <= 0
                        || !pattern.matches(doc.id())) {
                    return true;
                }
                if (seen[0]++ >= start) {
                    stream.document(doc.toJson());
                    sent[0]++;
                }
                return sent[0] < pageSize;
            });
            return null;
        }));
        return Response.ok(output, lines ? "application/jsonl" : MediaType.APPLICATION_JSON).build();
    }

    private static boolean lines(String format) {
        if (format == null || format.isEmpty() || format.equalsIgnoreCase("json")) {
            return false;
        }
        if (format.equalsIgnoreCase("jsonl")) {
            return true;
        }
        throw new InvalidRequestException("Query string parameter 'format' must be json or jsonl, got '" + format + "'");
    }

    /** What a stream writes: optional statistics first, then items. */
    interface ResultStream {
        void statistics(ObjectNode stats);

        /** A query's result: a line {@code {"Item": ...}} in JSON lines. */
        void item(ObjectNode item);

        /** A document of an id-prefix stream: the document itself on its line in JSON lines (what clients read). */
        void document(ObjectNode document);
    }

    private interface Producer {
        void produce(ResultStream stream);
    }

    /** Writes the stream in JSON ({@code {stats..., "Results": [...]}}) or JSON lines ({"Stats"}, {"Item"}...). */
    private static void write(OutputStream out, boolean lines, DatabaseInstance database, Producer producer)
            throws IOException {
        try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(out)) {
            if (lines) {
                json.setRootValueSeparator(new com.fasterxml.jackson.core.io.SerializedString("\n"));
            } else {
                json.writeStartObject();
            }
            boolean[] resultsOpen = {false};
            boolean[] written = {false};
            producer.produce(new ResultStream() {
                @Override
                public void statistics(ObjectNode stats) {
                    try {
                        if (lines) {
                            ObjectNode line = Json.object();
                            line.set("Stats", stats);
                            Json.MAPPER.writeTree(json, line);
                            written[0] = true;
                        } else {
                            for (var field : stats.properties()) {
                                json.writeFieldName(field.getKey());
                                Json.MAPPER.writeTree(json, field.getValue());
                            }
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }

                @Override
                public void document(ObjectNode document) {
                    if (!lines) {
                        item(document);
                        return;
                    }
                    try {
                        Json.MAPPER.writeTree(json, document);
                        written[0] = true;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }

                @Override
                public void item(ObjectNode item) {
                    try {
                        if (lines) {
                            ObjectNode line = Json.object();
                            line.set("Item", item);
                            Json.MAPPER.writeTree(json, line);
                            written[0] = true;
                        } else {
                            if (!resultsOpen[0]) {
                                json.writeArrayFieldStart("Results");
                                resultsOpen[0] = true;
                            }
                            Json.MAPPER.writeTree(json, item);
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            });
            if (!lines) {
                if (!resultsOpen[0]) {
                    json.writeArrayFieldStart("Results");
                }
                json.writeEndArray();
                json.writeEndObject();
            } else if (written[0]) {
                json.writeRaw('\n'); // each line ends; an empty stream is no line at all
            }
        }
    }
}
