package dev.muninn.node.cluster.raft;

import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;

/** What Raft's transport presents (this node's certificate) and accepts (the cluster's nodes) under mutual TLS. */
public record RaftTls(KeyManager keyManager, TrustManager trustManager) {
}
