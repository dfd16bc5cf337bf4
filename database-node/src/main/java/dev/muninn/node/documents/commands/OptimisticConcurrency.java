package dev.muninn.node.documents.commands;

import java.util.Optional;

import dev.muninn.node.documents.ConcurrencyException;

/** The change-vector check shared by PUT, DELETE and PATCH. */
public final class OptimisticConcurrency {
    private OptimisticConcurrency() {
    }

    public static void check(String id, String expected, Optional<String> actual) {
        if (expected == null) {
            return;
        }
        if (expected.isEmpty() ? actual.isPresent() : !actual.map(expected::equals).orElse(false)) {
            throw new ConcurrencyException(id, expected, actual.orElse(null));
        }
    }
}
