package dev.muninn.pki;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** PKCS#12 (.pfx) files: the form RavenDB and its clients pass certificates in. */
public final class Pkcs12 {
    static final String ALIAS = "muninn";

    private Pkcs12() {
    }

    /** The certificate, its chain and key; an empty password gives a file tools open without one. */
    public static byte[] write(IssuedCertificate issued, String password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, issued.key(), chars(password), issued.chain().toArray(new Certificate[0]));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, chars(password));
            return out.toByteArray();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot write a PKCS#12 file: " + e.getMessage(), e);
        }
    }

    public static KeyStore keyStore(IssuedCertificate issued, String password) {
        return load(write(issued, password), password);
    }

    /** The first key entry of the file, with its chain. */
    public static IssuedCertificate read(byte[] pfx, String password) {
        KeyStore store = load(pfx, password);
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (!store.isKeyEntry(alias)) {
                    continue;
                }
                Key key = store.getKey(alias, chars(password));
                List<X509Certificate> chain = new ArrayList<>();
                for (Certificate certificate : store.getCertificateChain(alias)) {
                    chain.add((X509Certificate) certificate);
                }
                return new IssuedCertificate((PrivateKey) key, chain);
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot read the key of the PKCS#12 file: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("The PKCS#12 file holds no private key");
    }

    private static KeyStore load(byte[] pfx, String password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(pfx), chars(password));
            return store;
        } catch (IOException e) {
            throw new IllegalArgumentException("Not a PKCS#12 file, or a wrong password: " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot read the PKCS#12 file: " + e.getMessage(), e);
        }
    }

    private static char[] chars(String password) {
        return password == null ? new char[0] : password.toCharArray();
    }
}
