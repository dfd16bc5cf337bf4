package dev.muninn.node.security;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

import dev.muninn.pki.IssuedCertificate;

/**
 * Presents the node's current certificate in every new handshake, server side (HTTPS, Raft) and client side
 * (calls to peers). A replaced certificate is used from the next handshake on; open connections keep theirs. Each
 * certificate gets its own alias, so a handshake that asked for the chain before a swap gets the matching key.
 */
public final class ReloadingKeyManager extends X509ExtendedKeyManager {
    private final ConcurrentHashMap<String, IssuedCertificate> byAlias = new ConcurrentHashMap<>();
    private final AtomicInteger generation = new AtomicInteger();
    private volatile String current;

    public ReloadingKeyManager(IssuedCertificate initial) {
        use(initial);
    }

    public void use(IssuedCertificate certificate) {
        String alias = "node-" + generation.incrementAndGet();
        byAlias.put(alias, certificate);
        String previous = current;
        current = alias;
        // Keep the one before: a handshake may be between asking for the chain and for the key.
        byAlias.keySet().removeIf(a -> !a.equals(alias) && !a.equals(previous));
    }

    public IssuedCertificate current() {
        return byAlias.get(current);
    }

    private String aliasFor(String keyType) {
        String alias = current;
        IssuedCertificate certificate = byAlias.get(alias);
        return certificate != null && matches(certificate.key().getAlgorithm(), keyType) ? alias : null;
    }

    private static boolean matches(String algorithm, String keyType) {
        return keyType == null || keyType.equals(algorithm) || keyType.startsWith(algorithm + "_")
                || ("RSA".equals(algorithm) && "RSASSA-PSS".equals(keyType));
    }

    private String firstMatching(String[] keyTypes) {
        if (keyTypes == null) {
            return aliasFor(null);
        }
        for (String keyType : keyTypes) {
            String alias = aliasFor(keyType);
            if (alias != null) {
                return alias;
            }
        }
        return null;
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        String alias = aliasFor(keyType);
        return alias == null ? null : new String[] {alias};
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return firstMatching(keyTypes);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return firstMatching(keyTypes);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return getClientAliases(keyType, issuers);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return aliasFor(keyType);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return aliasFor(keyType);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        IssuedCertificate certificate = alias == null ? null : byAlias.get(alias);
        return certificate == null ? null : certificate.chain().toArray(new X509Certificate[0]);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        IssuedCertificate certificate = alias == null ? null : byAlias.get(alias);
        return certificate == null ? null : certificate.key();
    }
}
