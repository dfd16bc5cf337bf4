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
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        CertificateAuthority ca = caIn(dir);
        for (int i = 1; i <= nodes; i++) {
            Path crt = dir.resolve("node-" + i + ".crt");
            if (!current(crt, ca)) {
                IssuedCertificate node = ca.issueNode("node-" + i, List.of("localhost"), List.of("127.0.0." + i),
                        VALIDITY);
                writePair(dir, "node-" + i, node);
            }
        }
        Path adminCrt = dir.resolve("admin.crt");
        if (!current(adminCrt, ca)) {
            IssuedCertificate admin = ca.issueClient("muninn-admin", VALIDITY);
            writePair(dir, "admin", admin);
            writePrivate(dir.resolve("admin.pfx"), Pkcs12.write(admin, ""));
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
        writePrivate(key, Pem.privateKey(ca.identity().key()).getBytes(StandardCharsets.US_ASCII));
        return ca;
    }

    /** Signed by this CA (not just one of the same name) and valid for at least another month. */
    private static boolean current(Path crt, CertificateAuthority ca) throws IOException {
        if (!Files.exists(crt)) {
            return false;
        }
        java.security.cert.X509Certificate certificate = Pem.readCertificates(Files.readString(crt)).get(0);
        try {
            certificate.verify(ca.certificate().getPublicKey());
            certificate.checkValidity(java.util.Date.from(java.time.Instant.now().plus(Duration.ofDays(30))));
            return true;
        } catch (java.security.GeneralSecurityException e) {
            return false;
        }
    }

    private static void writePair(Path dir, String name, IssuedCertificate issued) throws IOException {
        Files.writeString(dir.resolve(name + ".crt"), Pem.certificates(issued.chain()), StandardCharsets.US_ASCII);
        writePrivate(dir.resolve(name + ".key"), Pem.privateKey(issued.key()).getBytes(StandardCharsets.US_ASCII));
    }

    /** A private file: owner-only from its creation, never readable by others even for a moment. */
    private static void writePrivate(Path file, byte[] bytes) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.write(file, bytes);
    }
}
