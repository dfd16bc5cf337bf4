package dev.muninn.node.tasks;

import java.nio.file.Path;
import java.util.List;

/**
 * Where backup files are kept: a local folder or an S3-compatible bucket. Files keep their names (which sort in time
 * order, see {@link BackupFiles}); a destination stores, lists, fetches and deletes them.
 */
public interface BackupDestination {
    /** RavenDB's name for the destination kind ("Local", "S3"), as the client's task info lists it. */
    String kind();

    /** Where, for messages and the backup status. */
    String describe();

    /** Keeps {@code file} under its own name. */
    void store(Path file);

    /** The backup files kept here, oldest first. */
    List<String> list();

    /** Copies the backup file {@code name} to {@code target}. */
    void fetch(String name, Path target);

    void delete(String name);
}
