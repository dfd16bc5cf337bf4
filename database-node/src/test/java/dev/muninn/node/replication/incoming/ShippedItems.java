package dev.muninn.node.replication.incoming;

import java.util.ArrayList;
import java.util.List;

import dev.muninn.node.documents.DatabaseInstance;
import dev.muninn.node.storage.DocumentsStorage;
import dev.muninn.node.storage.StoredDocument;

/** What a replication sender ships from {@code db}: its changes after an etag, as items (test helper). */
public final class ShippedItems {
    private ShippedItems() {
    }

    public static List<ReplicatedItem> after(DatabaseInstance db, long etag, int minItems) {
        List<ReplicatedItem> items = new ArrayList<>();
        for (DocumentsStorage.Change change : db.read(r -> r.changesAfter(etag, minItems))) {
            StoredDocument doc = change.document() != null ? change.document() : change.revision();
            if (doc != null) {
                items.add(new ReplicatedItem(doc.id(), doc.collection(), doc.changeVector(), doc.lastModifiedTicks(),
                        doc.flags(), doc.body()));
            } else {
                items.add(new ReplicatedItem(change.tombstone().id(), change.tombstone().collection(),
                        change.tombstone().changeVector(), change.tombstone().deletedTicks(), 0, new byte[0]));
            }
        }
        return items;
    }
}
