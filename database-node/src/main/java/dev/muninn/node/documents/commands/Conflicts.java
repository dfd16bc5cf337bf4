package dev.muninn.node.documents.commands;

import dev.muninn.node.documents.ChangeVector;
import dev.muninn.node.documents.WriteContext;
import dev.muninn.node.storage.StoredDocument;

/** Manual resolution: a local write to a document in conflict supersedes every conflicting version. */
final class Conflicts {
    private Conflicts() {
    }

    /** Clears the conflict on {@code id}, if any, and returns the merged change vector of its versions. */
    static ChangeVector resolveByHand(WriteContext context, String id) {
        ChangeVector merged = ChangeVector.EMPTY;
        var versions = context.storage().conflictsOf(context.transaction(), id);
        for (StoredDocument version : versions) {
            merged = merged.merge(ChangeVector.parse(version.changeVector()));
        }
        if (!versions.isEmpty()) {
            context.storage().clearConflicts(context.transaction(), id);
        }
        return merged;
    }
}
