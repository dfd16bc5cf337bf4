package dev.muninn.node.documents.counters;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.muninn.node.storage.DocumentsStorage;
import dev.muninn.node.storage.StoredDocument;
import jetbrains.exodus.env.Transaction;

/** Reads counters from a snapshot: named ones (null for each that does not exist), or all when none are named. */
public final class CounterReads {
    private CounterReads() {
    }

    public static List<CounterDetail> read(DocumentsStorage storage, Transaction txn, String documentId,
                                           List<String> names) {
        Optional<StoredDocument> record = storage.get(txn, documentId).isEmpty() ? Optional.empty()
                : storage.counters(txn, documentId);
        CounterGroup group = record.map(r -> CounterGroup.parse(r.body())).orElseGet(CounterGroup::empty);
        long etag = record.map(StoredDocument::etag).orElse(0L);
        String changeVector = record.map(StoredDocument::changeVector).orElse(null);
        String id = record.map(StoredDocument::id).orElse(documentId);
        List<CounterDetail> details = new ArrayList<>();
        for (String name : names.isEmpty() ? group.liveNames() : names) {
            var total = group.value(name);
            details.add(total.isEmpty() ? null : new CounterDetail(id, group.nameOf(name).orElseThrow(),
                    total.getAsLong(), group.contributions(name), etag, changeVector));
        }
        return details;
    }
}
