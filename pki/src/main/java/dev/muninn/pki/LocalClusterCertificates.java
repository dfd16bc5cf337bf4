package dev.muninn.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/**
 * The certificates of {@code ./muninn up --secure}: a cluster CA (kept across runs), one certificate per node for
 * its loopback address, and an admin client certificate in PEM and PKCS#12 (no password). Prints the admin
 * certificate's thumbprint, which the launcher gives the nodes as their well-known admin.
 *
 * <p>Usage: {@code LocalClusterCertificates <dir> <nodes>}; node {@code i} (1-based) is {@code 127.0.0.i}.
 */
public final class LocalClusterCertificates {
    static final Duration CA_VALIDITY = Duration.ofDays(3650);
    static final Duration VALIDITY = Duration.ofDays(365);

    private LocalClusterCertificates() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: LocalClusterCertificates <dir> <nodes>");
            System.exit(64);
        }
        System.out.println(write(Path.of(args[0]), Integer.parseInt(args[1])));
    }

    /** Writes what is missing into {@code dir}; returns the admin certificate's thumbprint. */
    static String write(Path dir, int nodes) throws IOException {
        Files.createDirectories(dir);
        CertificateAuthority ca = caIn(dir);
        for (int i = 1; i <= nodes; i++) {
            Path crt = dir.resolve("node-" + i + ".crt");
            if (!Files.exists(crt) || !issuedBy(crt, ca)) {
                IssuedCertificate node = ca.issueNode("node-" + i, List.of("localhost"), List.of("127.0.0." + i),
                        VALIDITY);
                writePair(dir, "node-" + i, node);
            }
        }
        Path adminCrt = dir.resolve("admin.crt");
        if (!Files.exists(adminCrt) || !issuedBy(adminCrt, ca)) {
            IssuedCertificate admin = ca.issueClient("muninn-admin", VALIDITY);
            writePair(dir, "admin", admin);
            Files.write(dir.resolve("admin.pfx"), Pkcs12.write(admin, ""));
            restrict(dir.resolve("admin.pfx"));
        }
        return Thumbprints.of(Pem.readCertificates(Files.readString(adminCrt)).get(0));
    }

    private static CertificateAuthority caIn(Path dir) throws IOException {
        Path crt = dir.resolve("ca.pem");
        Path key = dir.resolve("ca.key");
        if (Files.exists(crt) && Files.exists(key)) {
            return new CertificateAuthority(new IssuedCertificate(Pem.readPrivateKey(Files.readString(key)),
                    Pem.readCertificates(Files.readString(crt))));
        }
        CertificateAuthority ca = CertificateAuthority.generate("Muninn local cluster CA", CA_VALIDITY);
        Files.writeString(crt, Pem.certificates(List.of(ca.certificate())), StandardCharsets.US_ASCII);
        Files.writeString(key, Pem.privateKey(ca.identity().key()), StandardCharsets.US_ASCII);
        restrict(key);
        return ca;
    }

    private static boolean issuedBy(Path crt, CertificateAuthority ca) throws IOException {
        return Pem.readCertificates(Files.readString(crt)).get(0).getIssuerX500Principal()
                .equals(ca.certificate().getSubjectX500Principal());
    }

    private static void writePair(Path dir, String name, IssuedCertificate issued) throws IOException {
        Files.writeString(dir.resolve(name + ".crt"), Pem.certificates(issued.chain()), StandardCharsets.US_ASCII);
        Path key = dir.resolve(name + ".key");
        Files.writeString(key, Pem.privateKey(issued.key()), StandardCharsets.US_ASCII);
        restrict(key);
    }

    private static void restrict(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }
}
