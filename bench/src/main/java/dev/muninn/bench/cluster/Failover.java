package dev.muninn.bench.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Leader failover as a client sees it: find the leader, SIGKILL it, and from one thread send commands to the
 * surviving members, alternating, each with a 2 s timeout, until one is committed. The failover time is that
 * success minus the moment of the signal. Then the killed member is started again on its data and the next round
 * waits until it is back in the cluster.
 */
final class Failover {
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(2);
    /** After a quick refusal, wait this long before the next attempt (the resolution of the measurement). */
    private static final long PAUSE_MILLIS = 10;
    private static final Duration GIVE_UP = Duration.ofSeconds(120);

    /** One round: seconds from SIGKILL to the first committed command, how many attempts failed before it. */
    record Round(int killed, String killedName, double seconds, int failedAttempts, List<String> errors) {
    }

    record Result(String system, List<Round> rounds) {
        double[] seconds() {
            return rounds.stream().mapToDouble(Round::seconds).toArray();
        }

        double medianSeconds() {
            double[] sorted = seconds();
            Arrays.sort(sorted);
            return sorted.length == 0 ? Double.NaN : sorted[sorted.length / 2];
        }
    }

    private Failover() {
    }

    static Result measure(ConsensusCluster cluster, int rounds) throws Exception {
        List<Round> done = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            int leader = cluster.leader(Duration.ofSeconds(30));
            System.err.printf("bench: %s failover %d/%d: SIGKILL of the leader, %s%n", cluster.name(), r, rounds,
                    cluster.memberName(leader));
            Round round = once(cluster, leader);
            done.add(round);
            System.err.printf(Locale.ROOT, "bench: %s failover %d/%d: first commit after %.3f s (%d failed "
                            + "attempts%s)%n", cluster.name(), r, rounds, round.seconds(), round.failedAttempts(),
                    round.errors().isEmpty() ? "" : "; errors seen: " + String.join(" | ", round.errors()));
            cluster.restart(leader);
            System.err.printf("bench: %s failover %d/%d: %s restarted and caught up%n", cluster.name(), r, rounds,
                    cluster.memberName(leader));
        }
        return new Result(cluster.name(), done);
    }

    private static Round once(ConsensusCluster cluster, int leader) throws Exception {
        List<Integer> survivors = new ArrayList<>();
        for (int i = 0; i < cluster.size(); i++) {
            if (i != leader) {
                survivors.add(i);
            }
        }
        long killed = cluster.kill(leader);
        if (killed < 0) {
            throw new IllegalStateException(cluster.memberName(leader) + " was not running when it was to be killed");
        }
        List<String> errors = new ArrayList<>();
        String lastError = null;
        for (int attempt = 0; ; attempt++) {
            int member = survivors.get(attempt % survivors.size());
            long sent = System.nanoTime();
            try {
                cluster.commit(member, sent, ATTEMPT_TIMEOUT);
                double seconds = (System.nanoTime() - killed) / 1e9;
                if (lastError != null && !errors.contains(lastError)) {
                    errors.add("... " + lastError);
                }
                return new Round(leader, cluster.memberName(leader), seconds, attempt, errors);
            } catch (Exception e) {
                String error = String.format(Locale.ROOT, "+%.3fs %s: %s", (sent - killed) / 1e9,
                        cluster.memberName(member), Http.describe(e));
                if (errors.size() < 4) {
                    errors.add(error);
                }
                lastError = error;
                if (System.nanoTime() - killed > GIVE_UP.toNanos()) {
                    throw new IllegalStateException(cluster.name() + " committed nothing in " + GIVE_UP.toSeconds()
                            + " s after its leader was killed; last error " + error);
                }
                Thread.sleep(PAUSE_MILLIS);
            }
        }
    }
}
