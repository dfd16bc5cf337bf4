package dev.muninn.node.http;


import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.security.Access;
import dev.muninn.node.security.RequiredAccess;
import dev.muninn.node.config.NodeSettings;
import dev.muninn.node.documents.DatabaseInstance;
import dev.muninn.node.documents.DatabasesLandlord;
import dev.muninn.node.documents.Json;
import dev.muninn.node.documents.attachments.AttachmentInfo;
import dev.muninn.node.documents.attachments.AttachmentResult;
import dev.muninn.node.documents.attachments.DeleteAttachment;
import dev.muninn.node.documents.attachments.PutAttachment;
import dev.muninn.node.http.errors.InvalidRequestException;

/**
 * A document's attachments outside a batch: the client's PutAttachmentOperation, GetAttachmentOperation (the
 * session's {@code attachments().get}), {@code exists} (HEAD) and DeleteAttachmentOperation.
 */
@Path("/databases/{db}/attachments")
public class AttachmentsResource {
    @Inject
    DatabasesLandlord landlord;

    @Inject
    NodeSettings settings;

    @Access(RequiredAccess.DatabaseRead)
    @GET
    public Response get(@PathParam("db") String db, @QueryParam("id") String id, @QueryParam("name") String name) {
        require(id, name);
        var found = landlord.get(db).read(r -> r.attachment(id, name));
        if (found.isEmpty()) {
            return Response.status(404).build();
        }
        AttachmentInfo info = found.get().getKey();
        String type = info.contentType().isEmpty() ? MediaType.APPLICATION_OCTET_STREAM : info.contentType();
        if (!RequestAdmission.isMediaType(type)) {
            // Stored before puts were checked, or replicated from a node that does not check: still readable.
            type = MediaType.APPLICATION_OCTET_STREAM;
        }
        return Response.ok(found.get().getValue(), type)
                .header("Attachment-Hash", info.hash()).header("Attachment-Size", info.size())
                .header("ETag", "\"" + info.hash() + "\"").build();
    }

    @Access(RequiredAccess.DatabaseRead)
    @HEAD
    public Response exists(@PathParam("db") String db, @QueryParam("id") String id, @QueryParam("name") String name) {
        require(id, name);
        var found = landlord.get(db).read(r -> r.attachment(id, name));
        return found.isEmpty() ? Response.status(404).build()
                : Response.ok().header("ETag", "\"" + found.get().getKey().hash() + "\"").build();
    }

    @Access(RequiredAccess.DatabaseReadWrite)
    @PUT
    @Consumes(MediaType.WILDCARD)
    @jakarta.ws.rs.Produces(MediaType.APPLICATION_JSON)
    public Response put(@PathParam("db") String db, @QueryParam("id") String id, @QueryParam("name") String name,
                        @QueryParam("contentType") String contentType,
                        @QueryParam("changeVector") String changeVector, byte[] body) {
        require(id, name);
        requireMediaType(contentType);
        DatabaseInstance database = landlord.get(db);
        byte[] content = body == null ? new byte[0] : body;
        long max = settings.maxAttachmentSizeBytes();
        if (content.length > max) {
            throw new InvalidRequestException("Attachment '" + name + "' is larger than the limit "
                    + "(Limits.MaxAttachmentSizeInMb): " + max + " bytes");
        }
        AttachmentResult result = database.write(new PutAttachment(id, name, contentType, changeVector, content));
        return Response.status(201).entity(details(result)).build();
    }

    @Access(RequiredAccess.DatabaseReadWrite)
    @DELETE
    public Response delete(@PathParam("db") String db, @QueryParam("id") String id, @QueryParam("name") String name,
                           @QueryParam("changeVector") String changeVector) {
        require(id, name);
        landlord.get(db).write(new DeleteAttachment(id, name, changeVector));
        return Response.noContent().build();
    }

    /**
     * An attachment's content type comes back as the Content-Type of every read of it, so it must be one (finding F7:
     * "x" was stored and then no read of it could be answered). Empty means none: served as octet-stream.
     */
    static void requireMediaType(String contentType) {
        if (contentType != null && !contentType.isEmpty() && !RequestAdmission.isMediaType(contentType)) {
            throw new InvalidRequestException("The attachment's content type '" + contentType + "' is not a media type "
                    + "(type/subtype, e.g. image/png)");
        }
    }

    private static ObjectNode details(AttachmentResult result) {
        ObjectNode json = Json.object();
        json.put("ChangeVector", result.documentChangeVector());
        json.put("Name", result.attachment().name());
        json.put("DocumentId", result.documentId());
        json.put("ContentType", result.attachment().contentType());
        json.put("Hash", result.attachment().hash());
        json.put("Size", result.attachment().size());
        return json;
    }

    private static void require(String id, String name) {
        if (id == null || id.isBlank() || name == null || name.isBlank()) {
            throw new InvalidRequestException("Query string parameters 'id' and 'name' are required");
        }
    }
}
