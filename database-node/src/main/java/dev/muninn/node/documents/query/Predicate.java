package dev.muninn.node.documents.query;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A compiled where-clause node. The parser builds the tree once; {@link #test} then runs once per
 * scanned document, so implementations hold pre-resolved values and never re-parse anything.
 */
interface Predicate {

    boolean test(String documentId, ObjectNode document);

    /** The bare {@code true} the client writes before a leading {@code not}. */
    Predicate TRUE = (documentId, document) -> true;

    /** Conjunction with {@code true} operands dropped, so {@code true and not x} costs one test. */
    static Predicate and(List<Predicate> operands) {
        List<Predicate> kept = new ArrayList<>(operands.size());
        for (Predicate operand : operands) {
            if (operand != TRUE) {
                kept.add(operand);
            }
        }
        if (kept.isEmpty()) {
            return TRUE;
        }
        return kept.size() == 1 ? kept.get(0) : new And(kept.toArray(Predicate[]::new));
    }

    static Predicate or(List<Predicate> operands) {
        if (operands.contains(TRUE)) {
            return TRUE;
        }
        return operands.size() == 1 ? operands.get(0) : new Or(operands.toArray(Predicate[]::new));
    }

    static Predicate not(Predicate operand) {
        return operand instanceof Not negated ? negated.operand : new Not(operand);
    }

    final class And implements Predicate {
        private final Predicate[] operands;

        And(Predicate[] operands) {
            this.operands = operands;
        }

        @Override
        public boolean test(String documentId, ObjectNode document) {
            for (Predicate operand : operands) {
                if (!operand.test(documentId, document)) {
                    return false;
                }
            }
            return true;
        }
    }

    final class Or implements Predicate {
        private final Predicate[] operands;

        Or(Predicate[] operands) {
            this.operands = operands;
        }

        @Override
        public boolean test(String documentId, ObjectNode document) {
            for (Predicate operand : operands) {
                if (operand.test(documentId, document)) {
                    return true;
                }
            }
            return false;
        }
    }

    final class Not implements Predicate {
        private final Predicate operand;

        Not(Predicate operand) {
            this.operand = operand;
        }

        @Override
        public boolean test(String documentId, ObjectNode document) {
            return !operand.test(documentId, document);
        }
    }
}
