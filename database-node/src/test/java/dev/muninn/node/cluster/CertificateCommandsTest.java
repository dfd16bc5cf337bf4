package dev.muninn.node.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.muninn.node.cluster.commands.ClusterCommand;
import dev.muninn.node.cluster.commands.CommandResult;
import dev.muninn.node.cluster.commands.DeleteCertificate;
import dev.muninn.node.cluster.commands.PutCertificate;
import dev.muninn.node.cluster.state.ClusterStore;
import dev.muninn.node.security.CertificateDefinition;
import dev.muninn.node.security.DatabaseAccess;
import dev.muninn.node.security.SecurityClearance;
import dev.muninn.node.storage.ServerStorage;
import dev.muninn.node.storage.StorageEnvironment;
import dev.muninn.pki.CertificateAuthority;

/** Client certificate registrations through the Raft log: registering, renewing, revoking, snapshots. */
class CertificateCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CertificateAuthority CA = CertificateAuthority.generate("test", Duration.ofDays(10));
    @TempDir
    Path dir;
    private ServerStorage storage;
    private ClusterStore store;
    private long index;

    @BeforeEach
    void open() {
        storage = ServerStorage.cluster(new StorageEnvironment(dir.resolve("a"), false));
        store = new ClusterStore(storage);
    }

    @AfterEach
    void close() {
        storage.close();
    }

    private CommandResult apply(ClusterCommand command) throws Exception {
        ClusterCommand decoded = JSON.readValue(JSON.writeValueAsBytes(command), ClusterCommand.class);
        assertThat(decoded).isEqualTo(command);
        return store.apply(decoded, 1, ++index).orElseThrow();
    }

    @Test
    void aRenewalTakesTheGrantAsItStandsAndARevokedOneDoesNotComeBack() throws Exception {
        KeyPair keys = CertificateAuthority.newKeyPair();
        CertificateDefinition first = CertificateDefinition.of(CA.issueClient("app", Duration.ofDays(1), keys)
                .certificate(), "app", SecurityClearance.ValidUser, Map.of("Shop", DatabaseAccess.ReadWrite));
        CertificateDefinition renewed = CertificateDefinition.of(CA.issueClient("app", Duration.ofDays(2), keys)
                .certificate(), "app", SecurityClearance.Operator, Map.of()); // what a stale node would send
        assertThat(apply(new PutCertificate(first, null)).ok()).isTrue();
        // The grant is narrowed meanwhile: the renewal takes the narrowed one, not what it carried.
        apply(new PutCertificate(first.withGrant("app", SecurityClearance.ValidUser,
                Map.of("shop", DatabaseAccess.Read)), null));

        assertThat(apply(new PutCertificate(renewed, first.thumbprint())).ok()).isTrue();

        assertThat(store.certificates()).containsOnlyKeys(renewed.thumbprint());
        CertificateDefinition kept = store.certificates().get(renewed.thumbprint());
        assertThat(kept.securityClearance()).isEqualTo(SecurityClearance.ValidUser);
        assertThat(kept.accessTo("SHOP")).contains(DatabaseAccess.Read);

        apply(new DeleteCertificate(renewed.thumbprint()));
        CertificateDefinition third = CertificateDefinition.of(CA.issueClient("app", Duration.ofDays(3), keys)
                .certificate(), "app", SecurityClearance.ValidUser, Map.of());
        assertThat(apply(new PutCertificate(third, renewed.thumbprint())).ok()).isFalse();
        assertThat(store.certificates()).isEmpty();
    }

    @Test
    void registrationsTravelInSnapshots() throws Exception {
        CertificateDefinition app = CertificateDefinition.of(CA.issueClient("app", Duration.ofDays(1)).certificate(),
                "app", SecurityClearance.Operator, Map.of());
        apply(new PutCertificate(app, null));

        ServerStorage other = ServerStorage.cluster(new StorageEnvironment(dir.resolve("b"), false));
        try {
            ClusterStore copy = new ClusterStore(other);
            copy.load(store.dump());
            assertThat(copy.certificates()).containsEntry(app.thumbprint(), app);
            assertThat(copy.hash()).isEqualTo(store.hash());
        } finally {
            other.close();
        }
    }
}
