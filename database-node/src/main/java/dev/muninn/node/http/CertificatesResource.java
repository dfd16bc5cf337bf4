package dev.muninn.node.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.cluster.CertificateRegistry;
import dev.muninn.node.cluster.ClusterClient;
import dev.muninn.node.config.NodeSettings;
import dev.muninn.node.documents.Json;
import dev.muninn.node.http.errors.ForbiddenException;
import dev.muninn.node.http.errors.InvalidRequestException;
import dev.muninn.node.http.errors.NotFoundException;
import dev.muninn.node.runtime.NodeSecurity;
import dev.muninn.node.security.Access;
import dev.muninn.node.security.CertificateDefinition;
import dev.muninn.node.security.DatabaseAccess;
import dev.muninn.node.security.Identity;
import dev.muninn.node.security.RequiredAccess;
import dev.muninn.node.security.SecurityClearance;
import dev.muninn.pki.CertificateAuthority;
import dev.muninn.pki.IssuedCertificate;
import dev.muninn.pki.Pem;
import dev.muninn.pki.Pkcs12;
import io.vertx.ext.web.RoutingContext;

/**
 * The client's certificate operations (RavenDB's AdminCertificatesHandler): create, register, list, edit and delete
 * client certificates, kept in the cluster through Raft. Operators manage ValidUser and Operator certificates;
 * ClusterAdmin and ClusterNode ones need a cluster admin.
 */
@Path("/admin/certificates")
@Produces(MediaType.APPLICATION_JSON)
@Access(RequiredAccess.Operator)
public class CertificatesResource {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Created client certificates live as long as RavenDB's. */
    static final Duration CREATED_VALIDITY = Duration.ofDays(5 * 365);

    @Inject
    ClusterClient cluster;

    @Inject
    CertificateRegistry registry;

    @Inject
    NodeSecurity security;

    @Inject
    NodeSettings settings;

    /** CreateClientCertificateOperation: a new certificate and key, registered, returned as a zip. */
    @POST
    @Produces("application/octet-stream")
    public Response create(byte[] body, @QueryParam("raft-request-id") String requestId,
                           @Context RoutingContext routing) {
        requireSecured();
        ObjectNode request = Bodies.object(body, "The certificate request");
        String name = requiredName(request);
        SecurityClearance clearance = clearanceOf(request);
        Map<String, DatabaseAccess> permissions = permissionsOf(request);
        requireMayGrant(routing, clearance);
        IssuedCertificate issued = CertificateAuthority.selfSignedClient(name, CREATED_VALIDITY);
        CertificateDefinition definition = CertificateDefinition.of(issued.certificate(), name, clearance,
                permissions);
        cluster.putCertificate(definition, null, requestId);
        String password = request.path("Password").isTextual() ? request.get("Password").asText() : "";
        return Response.ok(zip(name, issued, password), "application/octet-stream")
                .header("Content-Disposition", "attachment; filename=\"" + fileName(name) + ".zip\"").build();
    }

    /** PutClientCertificateOperation: registers a certificate the client already has. */
    @PUT
    public Response put(byte[] body, @QueryParam("raft-request-id") String requestId,
                        @Context RoutingContext routing) {
        requireSecured();
        ObjectNode request = Bodies.object(body, "The certificate");
        String name = requiredName(request);
        SecurityClearance clearance = clearanceOf(request);
        requireMayGrant(routing, clearance);
        X509Certificate certificate = certificateOf(request);
        // Re-registering a certificate changes its grant: an operator may not touch a cluster admin's.
        registry.byThumbprint(dev.muninn.pki.Thumbprints.of(certificate))
                .ifPresent(existing -> requireMayGrant(routing, existing.securityClearance()));
        cluster.putCertificate(CertificateDefinition.of(certificate, name, clearance, permissionsOf(request)), null,
                requestId);
        return Response.status(201).build();
    }

    /** EditClientCertificateOperation: a new name, clearance or permissions for a registered certificate. */
    @POST
    @Path("edit")
    public Response edit(byte[] body, @QueryParam("raft-request-id") String requestId,
                         @Context RoutingContext routing) {
        requireSecured();
        ObjectNode request = Bodies.object(body, "The certificate");
        String thumbprint = Bodies.text(request, "Thumbprint");
        if (thumbprint == null || thumbprint.isBlank()) {
            throw new InvalidRequestException("'Thumbprint' is required: which certificate to edit");
        }
        CertificateDefinition existing = registry.byThumbprint(thumbprint.trim())
                .orElseThrow(() -> new NotFoundException("There is no registered certificate with thumbprint " + thumbprint));
        SecurityClearance clearance = clearanceOf(request);
        requireMayGrant(routing, existing.securityClearance());
        requireMayGrant(routing, clearance);
        String name = Bodies.text(request, "Name");
        cluster.putCertificate(existing.withGrant(name == null || name.isBlank() ? existing.name() : name.trim(),
                clearance, permissionsOf(request)), null, requestId);
        return Response.status(201).build();
    }

    /** GetCertificatesOperation, GetCertificateOperation and their metadata-only forms. */
    @GET
    public Response list(@QueryParam("thumbprint") String thumbprint, @QueryParam("name") String name,
                         @QueryParam("metadataOnly") boolean metadataOnly, @QueryParam("start") Integer start,
                         @QueryParam("pageSize") Integer pageSize) {
        List<CertificateDefinition> all = new ArrayList<>();
        security.tls().ifPresent(tls -> all.add(CertificateDefinition.of(tls.certificate().certificate(),
                "Server Certificate", SecurityClearance.ClusterNode, Map.of())));
        all.addAll(registry.all());
        List<CertificateDefinition> selected = all.stream()
                .filter(d -> thumbprint == null || d.thumbprint().equalsIgnoreCase(thumbprint.trim()))
                .filter(d -> name == null || name.equalsIgnoreCase(d.name()))
                .skip(start == null ? 0 : Math.max(0, start))
                .limit(pageSize == null ? Integer.MAX_VALUE : Math.max(0, pageSize)).toList();
        if (thumbprint != null && selected.isEmpty()) {
            return Response.status(404).build(); // the client answers null
        }
        ObjectNode result = Json.object();
        ArrayNode results = result.putArray("Results");
        for (CertificateDefinition definition : selected) {
            ObjectNode json = MAPPER.valueToTree(definition);
            json.put("CollectionPrimaryKey", "");
            json.putArray("CollectionSecondaryKeys");
            if (metadataOnly) {
                json.remove("Certificate");
            }
            results.add(json);
        }
        security.tls().ifPresent(tls -> result.put("LoadedServerCert", tls.certificate().thumbprint()));
        ArrayNode wellKnown = result.putArray("WellKnownAdminCerts");
        settings.wellKnownAdminCertificates().forEach(wellKnown::add);
        return Response.ok(result).build();
    }

    /** DeleteCertificateOperation. */
    @DELETE
    public Response delete(@QueryParam("thumbprint") String thumbprint, @QueryParam("raft-request-id") String requestId,
                           @Context RoutingContext routing) {
        requireSecured();
        if (thumbprint == null || thumbprint.isBlank()) {
            throw new InvalidRequestException("Query string parameter 'thumbprint' is required");
        }
        if (security.tls().map(t -> t.certificate().thumbprint().equalsIgnoreCase(thumbprint.trim())).orElse(false)) {
            throw new InvalidRequestException("Cannot delete the server certificate " + thumbprint
                    + ": it is this node's own; replace its file instead");
        }
        registry.byThumbprint(thumbprint.trim()).ifPresent(d -> requireMayGrant(routing, d.securityClearance()));
        cluster.deleteCertificate(thumbprint.trim(), requestId);
        return Response.noContent().build();
    }

    private void requireSecured() {
        if (!security.secured()) {
            throw new InvalidRequestException("This node is not secured (ServerUrl " + settings.serverUri()
                    + " is http): client certificates would have no effect. Give the nodes certificates first.");
        }
    }

    /** An operator may grant ValidUser and Operator; ClusterAdmin and ClusterNode need a cluster admin. */
    private static void requireMayGrant(RoutingContext routing, SecurityClearance granted) {
        Identity caller = RequestAuthentication.identityOf(routing);
        if (granted.atLeast(SecurityClearance.ClusterAdmin) && !caller.clearance().atLeast(SecurityClearance.ClusterAdmin)) {
            throw new ForbiddenException("Insufficient security clearance: only a "
                    + "ClusterAdmin may manage " + granted + " certificates, and certificate " + caller.describe()
                    + " is " + caller.clearance());
        }
    }

    private static String requiredName(ObjectNode request) {
        String name = Bodies.text(request, "Name");
        if (name == null || name.isBlank()) {
            throw new InvalidRequestException("'Name' is required: what to call the certificate");
        }
        return name.trim();
    }

    private static SecurityClearance clearanceOf(ObjectNode request) {
        String value = Bodies.text(request, "SecurityClearance");
        if (value == null || value.isBlank()) {
            return SecurityClearance.ValidUser;
        }
        for (SecurityClearance clearance : SecurityClearance.values()) { // case-insensitive, as RavenDB reads enums
            if (clearance.name().equalsIgnoreCase(value.trim()) && clearance != SecurityClearance.UnauthenticatedClients) {
                return clearance;
            }
        }
        throw new InvalidRequestException("Unknown SecurityClearance '" + value
                + "': use ClusterAdmin, Operator or ValidUser (ClusterNode for another cluster's nodes)");
    }

    private static Map<String, DatabaseAccess> permissionsOf(ObjectNode request) {
        JsonNode permissions = request.path("Permissions");
        Map<String, DatabaseAccess> result = new LinkedHashMap<>();
        if (permissions.isMissingNode() || permissions.isNull()) {
            return result;
        }
        if (!permissions.isObject()) {
            throw new InvalidRequestException("'Permissions' must be an object of database name to access");
        }
        permissions.fields().forEachRemaining(entry -> {
            DatabaseAccess access = java.util.Arrays.stream(DatabaseAccess.values())
                    .filter(a -> a.name().equalsIgnoreCase(entry.getValue().asText().trim())).findFirst().orElse(null);
            if (access != null) {
                result.put(entry.getKey(), access);
            } else {
                throw new InvalidRequestException("Unknown access '" + entry.getValue().asText() + "' to database '"
                        + entry.getKey() + "': use Read, ReadWrite or Admin");
            }
        });
        return result;
    }

    private static X509Certificate certificateOf(ObjectNode request) {
        String text = Bodies.text(request, "Certificate");
        if (text == null || text.isBlank()) {
            throw new InvalidRequestException("'Certificate' is required: the certificate, base64 DER or PEM");
        }
        try {
            return CertificateDefinition.parse(text);
        } catch (IllegalArgumentException notDer) {
            try { // RavenDB also accepts a PKCS#12 file, base64
                String password = request.path("Password").isTextual() ? request.get("Password").asText() : "";
                return Pkcs12.read(Base64.getMimeDecoder().decode(text.trim()), password).certificate();
            } catch (IllegalArgumentException notPfx) {
                throw new InvalidRequestException("Unable to load the provided certificate: " + notDer.getMessage());
            }
        }
    }

    /** RavenDB's package: the PKCS#12 first (clients read the first entry), then the PEM certificate and key. */
    private static byte[] zip(String name, IssuedCertificate issued, String password) {
        String base = fileName(name);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(base + ".pfx"));
            zip.write(Pkcs12.write(issued, password));
            zip.putNextEntry(new ZipEntry(base + ".crt"));
            zip.write(Pem.certificates(issued.chain()).getBytes(StandardCharsets.US_ASCII));
            zip.putNextEntry(new ZipEntry(base + ".key"));
            zip.write(Pem.privateKeyTraditional(issued.key()).getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static String fileName(String name) {
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.isEmpty() ? "certificate" : safe;
    }
}
