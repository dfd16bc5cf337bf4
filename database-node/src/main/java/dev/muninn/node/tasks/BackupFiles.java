package dev.muninn.node.tasks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where backups live: one file per backup in the backup folder, named by its UTC time and kind so that file-name
 * order is time order ({@code 2026-12-03-09-51-07.muninn-full-backup}); restores read them in that order.
 */
public final class BackupFiles {
    public static final String FULL = ".muninn-full-backup";
    public static final String INCREMENTAL = ".muninn-incremental-backup";
    /** A consistent copy of the database's Xodus environment (zip); JSON incrementals may follow it. */
    public static final String SNAPSHOT = ".muninn-snapshot";
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss-SSS");

    private BackupFiles() {
    }

    static String name(ZonedDateTime at, boolean full) {
        return NAME.format(at.withZoneSameInstant(ZoneOffset.UTC)) + (full ? FULL : INCREMENTAL);
    }

    static String snapshotName(ZonedDateTime at) {
        return NAME.format(at.withZoneSameInstant(ZoneOffset.UTC)) + SNAPSHOT;
    }

    public static boolean isBackup(String name) {
        return name.endsWith(FULL) || name.endsWith(INCREMENTAL) || name.endsWith(SNAPSHOT);
    }

    /** A file a restore can start from: a full JSON backup or a snapshot. */
    public static boolean startsAChain(String name) {
        return name.endsWith(FULL) || name.endsWith(SNAPSHOT);
    }

    /** When the backup was taken, from its name. */
    public static java.time.Instant takenAt(String name) {
        String stamp = name.substring(0, Math.min(name.length(), "yyyy-MM-dd-HH-mm-ss-SSS".length()));
        return java.time.LocalDateTime.parse(stamp, NAME).toInstant(ZoneOffset.UTC);
    }

    /**
     * What to restore from {@code names} (sorted): the last chain start (full or snapshot) at or before
     * {@code last} (all when null or blank), and the incrementals after it up to {@code last}.
     */
    public static List<String> chainUpTo(List<String> names, String last) {
        List<String> upTo = names.stream().filter(BackupFiles::isBackup)
                .filter(n -> last == null || last.isBlank() || n.compareTo(last) <= 0).sorted().toList();
        int start = -1;
        for (int i = 0; i < upTo.size(); i++) {
            if (startsAChain(upTo.get(i))) {
                start = i;
            }
        }
        return start < 0 ? List.of() : upTo.subList(start, upTo.size());
    }

    /** The backups in {@code folder}, oldest first, up to and including {@code last} when it is given. */
    public static List<Path> inOrder(Path folder, String last) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> isBackup(f.getFileName().toString()))
                    .sorted()
                    .filter(f -> last == null || last.isBlank() || f.getFileName().toString().compareTo(last) <= 0)
                    .toList();
        }
    }
}
