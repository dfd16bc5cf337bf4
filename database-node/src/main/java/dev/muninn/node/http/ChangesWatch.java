package dev.muninn.node.http;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.muninn.node.documents.DocumentChangesFeed;

/** What one changes connection watches, as its commands set it; read by the feed's thread, set by the socket's. */
final class ChangesWatch {
    private volatile boolean allDocuments;
    private final Set<String> documents = ConcurrentHashMap.newKeySet();
    private final Set<String> prefixes = ConcurrentHashMap.newKeySet();
    private final Set<String> collections = ConcurrentHashMap.newKeySet();

    /** Applies one client command; an error message for a command that cannot apply, else null. */
    String apply(String command, String param) {
        String key = param == null ? null : param.toLowerCase(Locale.ROOT);
        switch (command) {
            case "watch-docs" -> allDocuments = true;
            case "unwatch-docs" -> allDocuments = false;
            case "watch-doc", "unwatch-doc", "watch-prefix", "unwatch-prefix", "watch-collection",
                 "unwatch-collection" -> {
                if (key == null || key.isBlank()) {
                    return "'" + command + "' needs a Param";
                }
                Set<String> set = command.endsWith("-doc") ? documents : command.endsWith("-prefix") ? prefixes
                        : collections;
                if (command.startsWith("watch")) {
                    set.add(key);
                } else {
                    set.remove(key);
                }
            }
            default -> {
                // Indexes, counters, time series, operations, aggressive caching: nothing of Muninn's changes them
                // through this connection (yet), so the watch is confirmed and never fires.
            }
        }
        return null;
    }

    boolean wants(DocumentChangesFeed.Change change) {
        if (allDocuments) {
            return true;
        }
        String id = change.id().toLowerCase(Locale.ROOT);
        if (documents.contains(id)) {
            return true;
        }
        if (change.collection() != null && collections.contains(change.collection().toLowerCase(Locale.ROOT))) {
            return true;
        }
        for (String prefix : prefixes) {
            if (id.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
