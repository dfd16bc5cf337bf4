package dev.muninn.node.cluster.commands;

import java.util.Map;
import java.util.Optional;

import dev.muninn.node.cluster.DatabaseRecord;
import dev.muninn.node.cluster.NodeInfo;

/** What a command may read and change, inside the state machine's transaction. */
public interface StateWriter {
    Optional<String> topologyId();

    void topologyId(String id);

    Map<String, NodeInfo> nodes();

    void putNode(NodeInfo node);

    void removeNode(String tag);

    Optional<DatabaseRecord> record(String name);

    Map<String, DatabaseRecord> records();

    void putRecord(DatabaseRecord record);

    void removeRecord(String name);

    Optional<dev.muninn.node.cluster.CompareExchangeEntry> compareExchange(String database, String key);

    void putCompareExchange(dev.muninn.node.cluster.CompareExchangeEntry entry);

    void deleteCompareExchange(String database, String key);

    /** Removes every compare-exchange entry of a database (it was deleted everywhere). */
    void deleteCompareExchanges(String database);

    /** Keeps a committed cluster-wide transaction's documents until the database's instances apply them. */
    void putClusterTransaction(String database, long index, com.fasterxml.jackson.databind.node.ObjectNode transaction);

    /** Removes every kept cluster-wide transaction of a database (it was deleted everywhere). */
    void deleteClusterTransactions(String database);

    Optional<dev.muninn.node.security.CertificateDefinition> certificate(String thumbprint);

    void putCertificate(dev.muninn.node.security.CertificateDefinition definition);

    void deleteCertificate(String thumbprint);
}
