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
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss-SSS");

    private BackupFiles() {
    }

    static String name(ZonedDateTime at, boolean full) {
        return NAME.format(at.withZoneSameInstant(ZoneOffset.UTC)) + (full ? FULL : INCREMENTAL);
    }

    /** The backups in {@code folder}, oldest first, up to and including {@code last} when it is given. */
    public static List<Path> inOrder(Path folder, String last) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.getFileName().toString().endsWith(FULL)
                            || f.getFileName().toString().endsWith(INCREMENTAL))
                    .sorted()
                    .filter(f -> last == null || last.isBlank() || f.getFileName().toString().compareTo(last) <= 0)
                    .toList();
        }
    }
}
