package dev.muninn.node.script;

import org.mozilla.javascript.Context;
import org.mozilla.javascript.ContextFactory;

/**
 * Contexts that stop a script when its deadline, instruction budget or allocation budget is spent. The stop is a
 * Java Error, which a script's try/catch cannot intercept (Rhino lets scripts catch only JavaScript-level
 * exceptions). The budgets are checked every {@value #OBSERVER_THRESHOLD} instructions and around every call of a
 * built-in ({@link GuardedBuiltins}), since one call such as {@code 'x'.repeat(n)} can allocate without running a
 * single instruction.
 */
final class LimitedContextFactory extends ContextFactory {
    static final int OBSERVER_THRESHOLD = 1_000;

    /** Thrown into the script to abort it. */
    static final class LimitExceeded extends Error {
        private static final long serialVersionUID = 1L;
        final ScriptException.Kind kind;

        LimitExceeded(ScriptException.Kind kind, String message) {
            super(message, null, false, false);
            this.kind = kind;
        }
    }

    static final class LimitedContext extends Context {
        long deadlineNanos;
        long instructionsLeft;
        /** The thread's allocation counter when the run started, and how far past it the run may go. */
        long allocationStart;
        long maxAllocatedBytes;

        LimitedContext(ContextFactory factory) {
            super(factory);
        }

        void start(ScriptLimits limits) {
            deadlineNanos = System.nanoTime() + limits.maxDuration().toNanos();
            instructionsLeft = limits.maxInstructions();
            maxAllocatedBytes = limits.maxAllocatedBytes();
            allocationStart = AllocationMeter.allocatedByCurrentThread();
        }

        /**
         * Counts allocations from here on: the conversion of the inputs (a document up to the size limit) is bounded
         * by that limit, the budget is for what the script itself does.
         */
        void countAllocationsFromNow() {
            allocationStart = AllocationMeter.allocatedByCurrentThread();
        }

        long allocatedBytes() {
            return AllocationMeter.allocatedByCurrentThread() - allocationStart;
        }

        /** Bytes the run may still allocate. */
        long allocationLeft() {
            return maxAllocatedBytes - allocatedBytes();
        }

        void checkBudgets() {
            if (allocationLeft() < 0) {
                throw new LimitExceeded(ScriptException.Kind.TOO_LARGE, "the script allocated more than its "
                        + "memory budget of " + (maxAllocatedBytes >> 20) + " MB");
            }
            if (System.nanoTime() > deadlineNanos) {
                throw new LimitExceeded(ScriptException.Kind.TIMEOUT, "the script exceeded its time limit");
            }
        }
    }

    @Override
    protected Context makeContext() {
        LimitedContext context = new LimitedContext(this);
        context.setLanguageVersion(Context.VERSION_ES6);
        context.setInterpretedMode(true); // required for instruction counting, and no class generation
        context.setInstructionObserverThreshold(OBSERVER_THRESHOLD);
        context.setMaximumInterpreterStackDepth(2_000);
        context.setClassShutter(className -> false); // no Java class is visible to scripts
        return context;
    }

    @Override
    protected boolean hasFeature(Context cx, int featureIndex) {
        if (featureIndex == Context.FEATURE_ENHANCED_JAVA_ACCESS) {
            return false;
        }
        return super.hasFeature(cx, featureIndex);
    }

    @Override
    protected void observeInstructionCount(Context cx, int instructionCount) {
        LimitedContext context = (LimitedContext) cx;
        context.instructionsLeft -= instructionCount;
        if (context.instructionsLeft < 0) {
            throw new LimitExceeded(ScriptException.Kind.TIMEOUT, "the script exceeded its instruction budget");
        }
        context.checkBudgets();
    }
}
