package dev.muninn.kubelet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What "pulling" an image means here: the image's repository maps to the command line its entrypoint runs on
 * this machine (images.conf). Tags and digests are ignored, and so are docker.io/ and library/ prefixes, so
 * the same manifests name the same images on kind.
 */
final class ImageCatalog {
    /**
     * Where a container sees the files its image runs from (the repository, here): a path of its own, as an image's
     * root is, so no volume the pod mounts (an emptyDir at /tmp over a clone under /tmp) can hide them.
     */
    static final String IMAGE_ROOT = "/opt/muninn-image";

    private final Map<String, List<String>> entrypoints;
    private final Path source;
    private final String repoRoot;

    private ImageCatalog(Map<String, List<String>> entrypoints, Path source, String repoRoot) {
        this.entrypoints = entrypoints;
        this.source = source;
        this.repoRoot = repoRoot;
    }

    /**
     * A container's command line with the repository's paths moved to {@link #IMAGE_ROOT}, and the bind mount that
     * puts the repository there; the command unchanged and no mount when it names no file of the repository.
     */
    record Launch(List<String> command, Optional<PodVolumes.Mount> imageMount) {
    }

    Launch launch(List<String> command) {
        if (command.stream().noneMatch(word -> word.contains(repoRoot))) {
            return new Launch(command, Optional.empty());
        }
        List<String> relocated = command.stream().map(word -> word.replace(repoRoot, IMAGE_ROOT)).toList();
        return new Launch(relocated, Optional.of(new PodVolumes.Mount(Path.of(repoRoot), IMAGE_ROOT, false)));
    }

    static ImageCatalog load(Path file, Path repoRoot) throws IOException {
        Map<String, List<String>> entrypoints = new HashMap<>();
        String root = repoRoot.toAbsolutePath().normalize().toString();
        for (String raw : Files.readAllLines(file)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] words = line.replace("${REPO}", root).split("\\s+");
            // Listed with a tag or not, an image is found by its repository, as lookups ignore tags.
            entrypoints.put(repository(words[0]), List.of(Arrays.copyOfRange(words, 1, words.length)));
        }
        return new ImageCatalog(entrypoints, file, root);
    }

    /** The entrypoint of an image, empty for a shell image without one; none when the image is unknown. */
    Optional<List<String>> entrypoint(String image) {
        String repository = repository(image);
        for (String candidate : List.of(repository, repository.replaceFirst("^docker\\.io/", ""),
                repository.replaceFirst("^(docker\\.io/)?library/", ""))) {
            List<String> entrypoint = entrypoints.get(candidate);
            if (entrypoint != null) {
                return Optional.of(entrypoint);
            }
        }
        return Optional.empty();
    }

    Path source() {
        return source;
    }

    static String repository(String image) {
        String withoutDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int slash = withoutDigest.lastIndexOf('/');
        int colon = withoutDigest.lastIndexOf(':');
        return colon > slash ? withoutDigest.substring(0, colon) : withoutDigest;
    }
}
