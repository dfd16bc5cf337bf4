package dev.muninn.operator.reconcile;

import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.SecondaryToPrimaryMapper;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;

import dev.muninn.nodeclient.NodeAdminClient;
import dev.muninn.nodeclient.RegisteredCertificate;
import dev.muninn.operator.api.v1alpha1.MuninnClientCertificate;
import dev.muninn.operator.api.v1alpha1.MuninnClientCertificateStatus;
import dev.muninn.operator.api.v1alpha1.MuninnCluster;
import dev.muninn.operator.api.v1alpha1.spec.IssuedCertificateRef;
import dev.muninn.operator.model.ClientCertificates;
import dev.muninn.operator.model.ClusterCas;
import dev.muninn.operator.model.ClusterCertificates;
import dev.muninn.operator.model.ClusterModel;
import dev.muninn.operator.model.InvalidSpecException;
import dev.muninn.pki.CertificateAuthority;
import dev.muninn.pki.IssuedCertificate;

/**
 * Reconciles a MuninnClientCertificate: its certificate issued by the cluster's CA into its Secret (renewed with the
 * same key before it expires, or when the CA changed), registered in the cluster through a node's admin API with the
 * clearance and permissions of the spec — every version still valid gets the spec's grant, so narrowing it takes
 * effect at once even for holders of an older Secret — and unregistered when the resource is deleted.
 */
@ControllerConfiguration(name = "muninnclientcertificate")
public class MuninnClientCertificateReconciler implements Reconciler<MuninnClientCertificate>,
        Cleaner<MuninnClientCertificate> {
    private static final Duration RECHECK = Duration.ofSeconds(5);
    /** A deleted or changed Secret is put back within this, even without an event for it. */
    private static final Duration RESYNC = Duration.ofSeconds(60);

    private final KubernetesClient client;
    private final NodeAdminClient admin;
    private final EventRecorder events;
    private final ClusterNodes nodes;
    private final Clock clock;

    public MuninnClientCertificateReconciler(KubernetesClient client, NodeAdminClient admin) {
        this(client, admin, Clock.systemUTC());
    }

    MuninnClientCertificateReconciler(KubernetesClient client, NodeAdminClient admin, Clock clock) {
        this.client = client;
        this.admin = admin;
        this.events = new EventRecorder(client);
        this.nodes = new ClusterNodes(client);
        this.clock = clock;
    }

    /** A certificate follows its cluster: the CA appearing or the nodes becoming ready reconcile it. */
    @Override
    public List<EventSource<?, MuninnClientCertificate>> prepareEventSources(
            EventSourceContext<MuninnClientCertificate> context) {
        SecondaryToPrimaryMapper<MuninnCluster> certificatesOfCluster = cluster -> context.getPrimaryCache()
                .list(cluster.getMetadata().getNamespace(), certificate -> certificate.getSpec() != null
                        && certificate.getSpec().getClusterRef() != null
                        && cluster.getMetadata().getName().equals(certificate.getSpec().getClusterRef().getName()))
                .map(ResourceID::fromResource).collect(Collectors.toSet());
        return List.of(new InformerEventSource<>(InformerEventSourceConfiguration.from(MuninnCluster.class,
                MuninnClientCertificate.class).withSecondaryToPrimaryMapper(certificatesOfCluster).build(), context));
    }

    @Override
    public UpdateControl<MuninnClientCertificate> reconcile(MuninnClientCertificate resource,
                                                            Context<MuninnClientCertificate> context) {
        MuninnClientCertificateStatus status = resource.getStatus() == null ? new MuninnClientCertificateStatus()
                : resource.getStatus();
        resource.setStatus(status);
        long generation = resource.getMetadata().getGeneration() == null ? 0 : resource.getMetadata().getGeneration();
        status.setObservedGeneration(generation);
        String namespace = resource.getMetadata().getNamespace();
        String clusterName = resource.getSpec().getClusterRef().getName();
        MuninnCluster cluster = clusterOf(namespace, clusterName);
        if (cluster == null) {
            return notReady(resource, "ClusterNotFound", "MuninnCluster '" + clusterName + "' does not exist", RECHECK);
        }
        ClusterModel model;
        try {
            model = ClusterModel.from(cluster);
        } catch (InvalidSpecException e) {
            return notReady(resource, "ClusterInvalid", "MuninnCluster '" + clusterName + "': " + e.getMessage(),
                    RECHECK);
        }
        if (!model.secured()) {
            return notReady(resource, "ClusterNotSecured", "MuninnCluster '" + clusterName + "' has spec.tls.enabled "
                    + "false: its nodes take no client certificates", null);
        }
        Secret caSecret = client.secrets().inNamespace(namespace).withName(ClusterCertificates.caSecretName(model))
                .get();
        if (caSecret == null) {
            return notReady(resource, "CertificateAuthorityPending", "MuninnCluster '" + clusterName
                    + "' has no CA yet (Secret " + ClusterCertificates.caSecretName(model) + ")", RECHECK);
        }
        ClusterCas cas = ClusterCas.read(caSecret);
        CertificateAuthority ca = new CertificateAuthority(cas.signer());
        String secretName = ClientCertificates.secretName(resource);
        status.setSecretName(secretName);
        Secret secret = client.secrets().inNamespace(namespace).withName(secretName).get();
        if (secret != null && !ClientCertificates.ownedBy(secret, resource)) {
            return notReady(resource, "SecretConflict", "Secret '" + secretName + "' exists and is not this "
                    + "certificate's; name another in spec.secretName", RECHECK);
        }
        IssuedCertificate certificate = current(secret);
        String name = ClientCertificates.certificateName(resource);
        Instant now = clock.instant();
        // Issued again with the same key when the trusted CAs change too (a CA rotation): the holder's ca.crt follows.
        if (ClientCertificates.mustIssue(certificate, ca.certificate(), name, now) || !cas.bundledIn(secret)) {
            boolean renewal = certificate != null;
            KeyPair keys = renewal ? new KeyPair(certificate.certificate().getPublicKey(), certificate.key())
                    : CertificateAuthority.newKeyPair();
            certificate = ca.issueClient(name, ClientCertificates.validity(resource, model), keys);
            client.resource(ClientCertificates.secret(resource, certificate, cas.trusted()))
                    .createOr(NonDeletingOperation::update);
            events.normal(resource, renewal ? "CertificateRenewed" : "CertificateIssued", "Certificate '" + name
                    + "' (thumbprint " + certificate.thumbprint() + ") in Secret " + secretName + ", valid until "
                    + certificate.certificate().getNotAfter().toInstant());
        }
        IssuedCertificateRef current = new IssuedCertificateRef(certificate.thumbprint(),
                certificate.certificate().getNotAfter().toInstant().toString());
        status.setThumbprint(current.getThumbprint());
        status.setNotAfter(current.getNotAfter());
        // Remember the version before registering it: a registration the status does not list could never be undone.
        List<IssuedCertificateRef> expired = ClientCertificates.expired(status.getRegistered(), now);
        status.setRegistered(ClientCertificates.registered(status.getRegistered(), current, now));
        Optional<String> node = nodes.readyNode(namespace, clusterName);
        if (node.isEmpty()) {
            return notReady(resource, "ClusterNotReady", "MuninnCluster '" + clusterName + "' has no ready node yet",
                    RECHECK);
        }
        try {
            register(resource, node.get(), certificate, status.getRegistered());
            for (IssuedCertificateRef old : expired) {
                admin.deleteCertificate(node.get(), old.getThumbprint());
            }
        } catch (RuntimeException e) {
            events.warning(resource, "AdminCallFailed", e.getMessage());
            status.getRegistered().addAll(0, expired);
            return notReady(resource, "AdminCallFailed", e.getMessage(), RECHECK);
        }
        status.setConditions(Conditions.set(status.getConditions(), "Ready", true, "Registered", "Certificate '"
                + name + "' is registered as " + ClientCertificates.clearance(resource.getSpec())
                + permissionsText(resource) + "; holders read Secret " + secretName, generation));
        Duration untilRenewal = Duration.between(now, ClientCertificates.renewalAt(certificate.certificate()));
        return UpdateControl.patchStatus(resource).rescheduleAfter(untilRenewal.compareTo(RESYNC) < 0
                ? RECHECK : RESYNC);
    }

    /** Each listed version registered with the spec's grant: the current one put, older ones edited if they differ. */
    private void register(MuninnClientCertificate resource, String node, IssuedCertificate certificate,
                          List<IssuedCertificateRef> versions) {
        String name = ClientCertificates.certificateName(resource);
        String clearance = ClientCertificates.clearance(resource.getSpec());
        Map<String, String> permissions = ClientCertificates.permissions(resource.getSpec());
        for (IssuedCertificateRef version : versions) {
            Optional<RegisteredCertificate> registered = admin.certificate(node, version.getThumbprint());
            if (registered.isPresent() && registered.get().grants(name, clearance, permissions)) {
                continue;
            }
            boolean isCurrent = version.getThumbprint().equalsIgnoreCase(certificate.thumbprint());
            if (isCurrent) {
                admin.putCertificate(node, name, der(certificate), clearance, permissions);
            } else if (registered.isPresent()) {
                admin.editCertificate(node, version.getThumbprint(), name, clearance, permissions);
            } else {
                continue; // an older version no longer known: its holders are renewed onto the current one
            }
            events.normal(resource, registered.isPresent() ? "GrantChanged" : "Registered", "Certificate '" + name
                    + "' (thumbprint " + version.getThumbprint() + ") registered as " + clearance
                    + permissionsText(resource));
        }
    }

    @Override
    public DeleteControl cleanup(MuninnClientCertificate resource, Context<MuninnClientCertificate> context) {
        List<IssuedCertificateRef> versions = resource.getStatus() == null ? List.of()
                : new ArrayList<>(resource.getStatus().getRegistered());
        if (versions.isEmpty()) {
            return DeleteControl.defaultDelete();
        }
        String namespace = resource.getMetadata().getNamespace();
        String clusterName = resource.getSpec().getClusterRef().getName();
        MuninnCluster cluster = clusterOf(namespace, clusterName);
        if (cluster == null || cluster.getMetadata().getDeletionTimestamp() != null) {
            return DeleteControl.defaultDelete(); // the cluster goes too: nothing left to unregister from
        }
        Optional<String> node = nodes.readyNode(namespace, clusterName);
        if (node.isEmpty()) {
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(RECHECK.toMillis());
        }
        try {
            for (IssuedCertificateRef version : versions) {
                admin.deleteCertificate(node.get(), version.getThumbprint());
            }
        } catch (RuntimeException e) {
            events.warning(resource, "AdminCallFailed", e.getMessage());
            return DeleteControl.noFinalizerRemoval().rescheduleAfter(RECHECK.toMillis());
        }
        events.normal(resource, "Unregistered", "Certificate '" + ClientCertificates.certificateName(resource)
                + "' is no longer known to the cluster (" + versions.size() + " version(s))");
        return DeleteControl.defaultDelete();
    }

    private MuninnCluster clusterOf(String namespace, String name) {
        return client.resources(MuninnCluster.class).inNamespace(namespace).withName(name).get();
    }

    private UpdateControl<MuninnClientCertificate> notReady(MuninnClientCertificate resource, String reason,
                                                            String message, Duration recheck) {
        MuninnClientCertificateStatus status = resource.getStatus();
        status.setConditions(Conditions.set(status.getConditions(), "Ready", false, reason, message,
                status.getObservedGeneration()));
        UpdateControl<MuninnClientCertificate> update = UpdateControl.patchStatus(resource);
        return recheck == null ? update : update.rescheduleAfter(recheck);
    }

    /** The certificate in the Secret, or none when there is no Secret or it holds no usable certificate and key. */
    private static IssuedCertificate current(Secret secret) {
        if (secret == null) {
            return null;
        }
        try {
            return ClusterCertificates.read(secret);
        } catch (RuntimeException unreadable) {
            return null; // edited by hand: issued again
        }
    }

    private static String der(IssuedCertificate certificate) {
        try {
            return Base64.getEncoder().encodeToString(certificate.certificate().getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String permissionsText(MuninnClientCertificate resource) {
        Map<String, String> permissions = ClientCertificates.permissions(resource.getSpec());
        return permissions.isEmpty() ? "" : " with " + permissions;
    }
}
