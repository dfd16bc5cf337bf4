package dev.muninn.node.http;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;

import dev.muninn.node.cluster.ClusterState;
import dev.muninn.node.documents.DatabasesLandlord;
import dev.muninn.node.http.errors.InvalidRequestException;
import dev.muninn.node.runtime.NodeSecurity;
import dev.muninn.node.security.Access;
import dev.muninn.node.security.RequiredAccess;
import dev.muninn.node.storage.DatabaseKeys;
import dev.muninn.node.storage.EncryptionKey;

/**
 * Encryption keys of databases, under RavenDB's routes (AdminSecretKeyHandler, which its Studio and rvn use; the
 * clients have no operation for them): generate a key, put it on this node, or distribute it to the nodes that will
 * hold the database. Only over HTTPS: a key must not travel in the clear. Keys are never logged.
 */
@Path("/admin/secrets")
@Access(RequiredAccess.Operator)
public class SecretKeysResource {
    private static final Logger LOG = Logger.getLogger(SecretKeysResource.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    DatabaseKeys keys;

    @Inject
    DatabasesLandlord landlord;

    @Inject
    ClusterState cluster;

    @Inject
    NodeSecurity security;

    /** A new random 256-bit key, base64. */
    @GET
    @Path("generate")
    @Produces("application/base64")
    public String generate() {
        byte[] key = new byte[EncryptionKey.BYTES];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** Keeps the key of database {@code name} on this node; the database opens here as soon as it can. */
    @POST
    public Response put(@QueryParam("name") String name, @QueryParam("overwrite") boolean overwrite,
                        byte[] body) throws IOException {
        EncryptionKey key = validated(name, body);
        try {
            keys.put(name.trim(), key, overwrite);
        } catch (DatabaseKeys.KeyExistsException e) {
            throw new InvalidRequestException(e.getMessage());
        }
        LOG.infof("node=%s db=%s event=encryption-key-put overwrite=%s", cluster.nodeTagOrUnknown(), name.trim(),
                overwrite);
        landlord.retryOpenNow(name.trim());
        return Response.status(201).build();
    }

    /** Puts the key on each of the named nodes (this one directly, the others through their own route). */
    @POST
    @Path("distribute")
    public Response distribute(@QueryParam("name") String name, @QueryParam("node") List<String> nodes,
                               @QueryParam("overwrite") boolean overwrite, byte[] body) throws IOException {
        byte[] raw = body == null ? new byte[0] : body;
        validated(name, raw);
        if (nodes == null || nodes.isEmpty()) {
            throw new InvalidRequestException("Name the nodes to give the key to: ?node=A&node=B");
        }
        HttpClient http = security.peerHttpClient().connectTimeout(Duration.ofSeconds(5)).build();
        List<String> failures = new ArrayList<>();
        for (String tag : nodes) {
            String url = cluster.nodes().containsKey(tag) ? cluster.urlOf(tag) : null;
            if (url == null) {
                failures.add(tag + ": not a node of this cluster");
                continue;
            }
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(url + "/admin/secrets?name="
                        + URLEncoder.encode(name.trim(), StandardCharsets.UTF_8) + "&overwrite=" + overwrite))
                        .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofByteArray(raw)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 201) {
                    failures.add(tag + ": " + answer.statusCode() + " " + answer.body());
                }
            } catch (IOException e) {
                failures.add(tag + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failures.add(tag + ": interrupted");
            }
        }
        if (!failures.isEmpty()) {
            throw new InvalidRequestException("The key of database '" + name.trim() + "' did not reach every node: "
                    + String.join("; ", failures));
        }
        return Response.status(201).build();
    }

    private EncryptionKey validated(String name, byte[] body) throws IOException {
        if (!security.secured()) {
            throw new InvalidRequestException("Encryption keys are accepted over HTTPS only: this node is not secured");
        }
        if (name == null || name.isBlank()) {
            throw new InvalidRequestException("Query string parameter 'name' (the database) is required");
        }
        String text = new String(body == null ? new byte[0] : body, StandardCharsets.US_ASCII).trim();
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("The body must be the key in base64");
        }
        if (key.length != EncryptionKey.BYTES) {
            throw new InvalidRequestException("The key must be 256 bits (32 bytes in base64), got " + key.length
                    + " bytes");
        }
        return new EncryptionKey(key);
    }
}
