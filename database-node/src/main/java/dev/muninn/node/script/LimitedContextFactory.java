package dev.muninn.node.script;

import org.mozilla.javascript.Context;
import org.mozilla.javascript.ContextFactory;

/**
 * Contexts that stop a script when its deadline or instruction budget is spent. The stop is a Java Error, which
 * a script's try/catch cannot intercept (Rhino lets scripts catch only JavaScript-level exceptions).
 */
final class LimitedContextFactory extends ContextFactory {
    static final int OBSERVER_THRESHOLD = 10_000;

    /** Thrown into the script to abort it. */
    static final class LimitExceeded extends Error {
        private static final long serialVersionUID = 1L;

        LimitExceeded(String message) {
            super(message, null, false, false);
        }
    }

    static final class LimitedContext extends Context {
        long deadlineNanos;
        long instructionsLeft;

        LimitedContext(ContextFactory factory) {
            super(factory);
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
            throw new LimitExceeded("the script exceeded its instruction budget");
        }
        if (System.nanoTime() > context.deadlineNanos) {
            throw new LimitExceeded("the script exceeded its time limit");
        }
    }
}
