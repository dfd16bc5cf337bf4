package dev.muninn.node.documents;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.muninn.node.documents.query.Candidate;
import dev.muninn.node.documents.query.Query;

/**
 * Runs a collection query as a streaming scan: each document is read, tested and dropped, so memory holds at most
 * one document plus the requested page. With {@code order by}, a heap of skip+take candidates keeps the page; only
 * an ordered query without a limit must hold all its matches (they are its answer). Every match is counted, since
 * the client reads TotalResults.
 */
public final class QueryRunner {
    private QueryRunner() {
    }

    /** Sends the page to {@code sink} in order and returns the number of matching documents. */
    public static long run(DatabaseInstance.DocumentReader reader, Query query, Consumer<Candidate> sink) {
        return query.hasOrder() ? runOrdered(reader, query, sink) : runInScanOrder(reader, query, sink);
    }

    private static long runInScanOrder(DatabaseInstance.DocumentReader reader, Query query, Consumer<Candidate> sink) {
        long skip = query.skip();
        long take = query.take().orElse(Long.MAX_VALUE);
        long[] matches = {0};
        scan(reader, query, candidate -> {
            long position = matches[0]++;
            if (position >= skip && position - skip < take) {
                sink.accept(candidate);
            }
        });
        return matches[0];
    }

    private record Ranked(Candidate candidate, long sequence) {
    }

    private static long runOrdered(DatabaseInstance.DocumentReader reader, Query query, Consumer<Candidate> sink) {
        Comparator<Ranked> order = Comparator.<Ranked, Candidate>comparing(Ranked::candidate, query.order())
                .thenComparingLong(Ranked::sequence);
        long skip = query.skip();
        long limit = query.take().isPresent() ? skip + query.take().getAsLong() : Long.MAX_VALUE;
        long[] matches = {0};
        if (limit == 0) {
            scan(reader, query, candidate -> matches[0]++);
            return matches[0];
        }
        // Max-heap on the query order: the root is the worst of the best `limit` seen so far.
        PriorityQueue<Ranked> best = new PriorityQueue<>(order.reversed());
        scan(reader, query, candidate -> {
            Ranked ranked = new Ranked(candidate, matches[0]++);
            if (best.size() < limit) {
                best.add(ranked);
            } else if (order.compare(ranked, best.peek()) < 0) {
                best.poll();
                best.add(ranked);
            }
        });
        List<Ranked> page = new ArrayList<>(best);
        page.sort(order);
        page.stream().skip(skip).forEach(r -> sink.accept(r.candidate()));
        return matches[0];
    }

    private static void scan(DatabaseInstance.DocumentReader reader, Query query, Consumer<Candidate> onMatch) {
        java.util.function.Predicate<Document> visitor = doc -> {
            ObjectNode json = doc.toJson();
            if (query.matches(doc.id(), json)) {
                onMatch.accept(new Candidate(doc.id(), json));
            }
            return true;
        };
        if (query.collection() == null) {
            reader.scanAll(visitor);
        } else {
            reader.scanCollection(query.collection(), visitor);
        }
    }
}
