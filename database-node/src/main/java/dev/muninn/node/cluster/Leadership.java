package dev.muninn.node.cluster;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

/**
 * Raft leadership changes of this node, as Ratis reports them to the state machine: leader-only work (the
 * supervisor) starts and stops on these callbacks instead of polling whether this node leads.
 */
public final class Leadership {
    private static final Logger LOG = Logger.getLogger(Leadership.class);
    private final List<Consumer<Boolean>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean leader;

    public void onChange(Consumer<Boolean> listener) {
        listeners.add(listener);
        if (leader) {
            listener.accept(true);
        }
    }

    /** Called from the state machine: true when this node became the leader, false when another one did. */
    public void changed(boolean nowLeader) {
        if (nowLeader == leader) {
            return;
        }
        leader = nowLeader;
        for (Consumer<Boolean> listener : listeners) {
            try {
                listener.accept(nowLeader);
            } catch (RuntimeException e) {
                LOG.errorf(e, "event=leadership-listener-failed leader=%s", nowLeader);
            }
        }
    }
}
