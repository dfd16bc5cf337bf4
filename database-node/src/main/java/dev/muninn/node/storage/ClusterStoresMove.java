package dev.muninn.node.storage;

import java.util.List;

import jetbrains.exodus.ArrayByteIterable;
import jetbrains.exodus.env.Cursor;
import jetbrains.exodus.env.Store;

/**
 * Moves the applied cluster state out of the System environment, where nodes before ADR 0030 kept it, into its own
 * Cluster environment. Copies every cluster store in one transaction, forces it to disk, and only then removes the
 * stores from System: a crash at any point leaves one complete copy, and the next start finishes the move.
 * Copying instead of rebuilding from the Raft log matters: a replay from index 1 would walk the databases' whole
 * history again (a deletion long since followed by a re-creation) through the node's reactions to it.
 */
public final class ClusterStoresMove {
    private ClusterStoresMove() {
    }

    /** Returns how many stores were found in System (0: nothing to move, the usual case). */
    public static int run(StorageEnvironment system, StorageEnvironment cluster) {
        List<String> left = system.read(txn -> ServerStorage.CLUSTER_STORES.stream()
                .filter(name -> system.storeExists(name, txn)).toList());
        if (left.isEmpty()) {
            return 0;
        }
        boolean alreadyCopied = cluster.read(txn -> cluster.storeExists(ServerStorage.CLUSTER_META, txn));
        if (!alreadyCopied) {
            cluster.write(target -> system.read(source -> {
                for (String name : left) {
                    Store from = system.openStore(name, source);
                    Store to = cluster.openStore(name, target);
                    try (Cursor cursor = from.openCursor(source)) {
                        while (cursor.getNext()) {
                            // copied: the source's pages belong to a transaction that ends before this one commits
                            to.put(target, new ArrayByteIterable(cursor.getKey()),
                                    new ArrayByteIterable(cursor.getValue()));
                        }
                    }
                }
                return null;
            }));
            cluster.sync();
        }
        system.write(txn -> {
            left.forEach(name -> system.removeStore(name, txn));
            return null;
        });
        return left.size();
    }
}
