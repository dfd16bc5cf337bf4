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
    private volatile boolean allCounters;
    private volatile boolean allOperations;
    private final Set<Long> operations = ConcurrentHashMap.newKeySet();
    private final Set<String> counterNames = ConcurrentHashMap.newKeySet();
    private final Set<String> documentsCounters = ConcurrentHashMap.newKeySet();
    /** Document id and counter name, lower-cased, joined by a character no id has. */
    private final Set<String> documentCounters = ConcurrentHashMap.newKeySet();

    /**
     * Applies one client command ({@code params}: its {@code Params}, for the commands that take two values); an
     * error message for a command that cannot apply, else null.
     */
    String apply(String command, String param, java.util.List<String> params) {
        String key = param == null ? null : param.toLowerCase(Locale.ROOT);
        switch (command) {
            case "watch-docs" -> allDocuments = true;
            case "unwatch-docs" -> allDocuments = false;
            case "watch-operations" -> allOperations = true;
            case "unwatch-operations" -> allOperations = false;
            case "watch-operation", "unwatch-operation" -> {
                long id;
                try {
                    id = Long.parseLong(param == null ? "" : param.trim());
                } catch (NumberFormatException e) {
                    return "'" + command + "' needs the operation's id as Param, got '" + param + "'";
                }
                if (command.startsWith("watch")) {
                    operations.add(id);
                } else {
                    operations.remove(id);
                }
            }
            case "watch-counters" -> allCounters = true;
            case "unwatch-counters" -> allCounters = false;
            case "watch-counter", "unwatch-counter", "watch-document-counters", "unwatch-document-counters" -> {
                if (key == null || key.isBlank()) {
                    return "'" + command + "' needs a Param";
                }
                Set<String> set = command.endsWith("-counter") ? counterNames : documentsCounters;
                if (command.startsWith("watch")) {
                    set.add(key);
                } else {
                    set.remove(key);
                }
            }
            case "watch-document-counter", "unwatch-document-counter" -> {
                if (params == null || params.size() != 2) {
                    return "'" + command + "' needs Params: the document id and the counter name";
                }
                String pair = params.get(0).toLowerCase(Locale.ROOT) + '\0' + params.get(1).toLowerCase(Locale.ROOT);
                if (command.startsWith("watch")) {
                    documentCounters.add(pair);
                } else {
                    documentCounters.remove(pair);
                }
            }
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
                // Indexes, time series, aggressive caching: nothing of Muninn's changes them
                // through this connection (yet), so the watch is confirmed and never fires.
            }
        }
        return null;
    }

    boolean wantsOperation(long id) {
        return allOperations || operations.contains(id);
    }

    boolean wants(DocumentChangesFeed.Change change) {
        if (change.isCounter()) {
            String id = change.id().toLowerCase(Locale.ROOT);
            String name = change.counterName().toLowerCase(Locale.ROOT);
            return allCounters || counterNames.contains(name) || documentsCounters.contains(id)
                    || documentCounters.contains(id + '\0' + name);
        }
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
