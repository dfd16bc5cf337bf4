package dev.muninn.kubelet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The order a container's bind mounts are made in, inside its new mount namespace. A mount must come after any
 * whose target holds its own target (a parent directory first), and before any whose target would hide its
 * source: an emptyDir at {@code /tmp} mounted first hides every other volume when the kubelet's state lives under
 * {@code /tmp} (a clone of the repository there, as CI makes). When the two rules conflict, the parent rule wins.
 */
final class MountOrder {
    private MountOrder() {
    }

    static List<PodVolumes.Mount> sort(List<PodVolumes.Mount> mounts) {
        List<PodVolumes.Mount> pending = new ArrayList<>(mounts);
        pending.sort(Comparator.comparingInt(m -> m.target().length()));
        List<PodVolumes.Mount> ordered = new ArrayList<>();
        while (!pending.isEmpty()) {
            PodVolumes.Mount next = pending.stream().filter(candidate -> pending.stream()
                    .noneMatch(other -> other != candidate && mustPrecede(other, candidate)))
                    .findFirst().orElse(pending.get(0)); // a conflict: parents first, as before
            pending.remove(next);
            ordered.add(next);
        }
        return ordered;
    }

    /** Whether {@code first} has to be mounted before {@code second}. */
    private static boolean mustPrecede(PodVolumes.Mount first, PodVolumes.Mount second) {
        if (contains(first.target(), second.target()) && !first.target().equals(second.target())) {
            return true; // the parent directory first, or the child would be hidden under it
        }
        // second's target would hide first's source: mount first while its source is still visible
        return contains(second.target(), first.source().toString())
                && !contains(first.target(), second.target());
    }

    private static boolean contains(String directory, String path) {
        Path dir = Path.of(directory).normalize();
        return Path.of(path).normalize().startsWith(dir);
    }
}
