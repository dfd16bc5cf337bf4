package dev.muninn.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One row of the table: what an operation is and with how many threads it runs. The same workload, with the same
 * ids and documents, runs against every {@link Target}.
 */
record Workload(String key, String label, Kind kind, int threads, boolean inResult) {
    enum Kind { WRITE, BATCH, BULK, READ, READ_RAW }

    static final int BATCH_SIZE = 100;
    /** Documents per bulk load: enough that the per-load setup (an operation id, a COPY statement) is small. */
    static final int BULK_SIZE = 10_000;

    static List<Workload> all() {
        return List.of(
                new Workload("writes1", "single-doc durable writes", Kind.WRITE, 1, true),
                new Workload("writes32", "single-doc durable writes", Kind.WRITE, 32, true),
                new Workload("batch100", "batches of 100 docs", Kind.BATCH, 1, true),
                new Workload("batch100x8", "batches of 100 docs (info)", Kind.BATCH, 8, false),
                new Workload("bulk", "bulk loads of 10 000 docs", Kind.BULK, 1, true),
                new Workload("reads", "loads by id", Kind.READ, 32, true),
                new Workload("reads1", "loads by id (info)", Kind.READ, 1, false),
                new Workload("rawreads", "by id, plain HTTP/JDBC (info)", Kind.READ_RAW, 32, false));
    }

    /** Documents written or read by one operation. */
    int docsPerOp() {
        return kind == Kind.BATCH ? BATCH_SIZE : kind == Kind.BULK ? BULK_SIZE : 1;
    }

    /**
     * One operation number {@code n} (unique within this workload's run on one target). Writes use fresh ids, so
     * they are inserts; reads load a random preloaded document and check its content.
     */
    void run(Worker worker, long n, Preloaded preloaded) throws Exception {
        String prefix = "docs/" + key + "-";
        switch (kind) {
            case WRITE -> worker.insert(prefix + n, BenchDocument.sample(n));
            case BATCH -> {
                List<String> ids = new ArrayList<>(BATCH_SIZE);
                List<BenchDocument> docs = new ArrayList<>(BATCH_SIZE);
                for (int i = 0; i < BATCH_SIZE; i++) {
                    ids.add(prefix + n + "-" + i);
                    docs.add(BenchDocument.sample(n * BATCH_SIZE + i));
                }
                worker.insertBatch(ids, docs);
            }
            case BULK -> {
                List<String> ids = new ArrayList<>(BULK_SIZE);
                List<BenchDocument> docs = new ArrayList<>(BULK_SIZE);
                for (int i = 0; i < BULK_SIZE; i++) {
                    ids.add(prefix + n + "-" + i);
                    docs.add(BenchDocument.sample(n * BULK_SIZE + i));
                }
                worker.bulkInsert(ids, docs);
            }
            case READ -> {
                int i = ThreadLocalRandom.current().nextInt(preloaded.count());
                worker.read(preloaded.id(i), preloaded.name(i));
            }
            case READ_RAW -> {
                int i = ThreadLocalRandom.current().nextInt(preloaded.count());
                worker.readRaw(preloaded.id(i), preloaded.name(i));
            }
        }
    }

    /** The documents every target holds before the workloads run: {@code docs/preloaded-i} = sample(i). */
    record Preloaded(int count) {
        String id(int i) {
            return "docs/preloaded-" + i;
        }

        String name(int i) {
            return BenchDocument.nameOf(i);
        }

        /** Inserts them in batches of 100. */
        void load(Worker worker) throws Exception {
            for (int from = 0; from < count; from += BATCH_SIZE) {
                List<String> ids = new ArrayList<>(BATCH_SIZE);
                List<BenchDocument> docs = new ArrayList<>(BATCH_SIZE);
                for (int i = from; i < Math.min(count, from + BATCH_SIZE); i++) {
                    ids.add(id(i));
                    docs.add(BenchDocument.sample(i));
                }
                worker.insertBatch(ids, docs);
            }
        }
    }
}
