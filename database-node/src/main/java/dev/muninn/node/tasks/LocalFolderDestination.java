package dev.muninn.node.tasks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/** Backups in a folder of this node's file system (or a volume mounted there). */
public final class LocalFolderDestination implements BackupDestination {
    private final Path folder;

    public LocalFolderDestination(Path folder) {
        this.folder = folder;
    }

    public Path folder() {
        return folder;
    }

    @Override
    public String kind() {
        return "Local";
    }

    @Override
    public String describe() {
        return folder.toString();
    }

    @Override
    public void store(Path file) {
        try {
            Files.createDirectories(folder);
            Path target = folder.resolve(file.getFileName().toString());
            if (!Files.exists(target) || !Files.isSameFile(file, target)) {
                Path partial = target.resolveSibling(target.getFileName() + ".partial");
                Files.copy(file, partial, StandardCopyOption.REPLACE_EXISTING);
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store " + file.getFileName() + " in " + folder + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    public List<String> list() {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try {
            return BackupFiles.inOrder(folder, null).stream().map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + folder + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void fetch(String name, Path target) {
        try {
            Files.copy(folder.resolve(name), target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + name + " from " + folder + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void delete(String name) {
        try {
            Files.deleteIfExists(folder.resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + name + " from " + folder + ": " + e.getMessage(), e);
        }
    }
}
