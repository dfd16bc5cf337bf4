package dev.muninn.kubelet;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ImageCatalogTest {
    @TempDir
    Path dir;

    private Path repo;
    private Path conf;
    private ImageCatalog catalog;

    @BeforeEach
    void load() throws IOException {
        repo = Files.createDirectories(dir.resolve("repo"));
        conf = dir.resolve("images.conf");
        Files.writeString(conf, """
                # Images and the command lines their entrypoints run here.

                muninn/operator   java -jar ${REPO}/operator/target/operator.jar --flag
                   # an indented comment
                busybox
                localhost:5000/muninn/x  ${REPO}/bin/x
                library/nginx  nginx -g daemon-off
                """);
        catalog = ImageCatalog.load(conf, repo);
    }

    @Test
    void substitutesRepoRootAndSplitsWords() {
        String root = repo.toAbsolutePath().normalize().toString();
        assertThat(catalog.entrypoint("muninn/operator"))
                .contains(List.of("java", "-jar", root + "/operator/target/operator.jar", "--flag"));
        assertThat(catalog.entrypoint("localhost:5000/muninn/x")).contains(List.of(root + "/bin/x"));
    }

    @Test
    void aContainerRunsItsImageFromAPathNoVolumeCanHide() {
        String root = repo.toAbsolutePath().normalize().toString();
        ImageCatalog.Launch launch = catalog.launch(catalog.entrypoint("muninn/operator").orElseThrow());
        assertThat(launch.command()).containsExactly("java", "-jar",
                ImageCatalog.IMAGE_ROOT + "/operator/target/operator.jar", "--flag");
        assertThat(launch.imageMount()).hasValueSatisfying(mount -> {
            assertThat(mount.source().toString()).isEqualTo(root);
            assertThat(mount.target()).isEqualTo(ImageCatalog.IMAGE_ROOT);
        });
        assertThat(catalog.launch(List.of("sh", "-c", "echo hi")).imageMount()).isEmpty();
    }

    @Test
    void repoRootIsNormalizedAndAbsolute() throws IOException {
        Path odd = repo.resolve("sub").resolve("..");
        ImageCatalog other = ImageCatalog.load(conf, odd);
        assertThat(other.entrypoint("localhost:5000/muninn/x"))
                .contains(List.of(repo.toAbsolutePath().normalize() + "/bin/x"));
    }

    @Test
    void entryWithoutEntrypointIsKnownButEmpty() {
        assertThat(catalog.entrypoint("busybox")).contains(List.of());
        assertThat(catalog.entrypoint("busybox:1.36")).isPresent().get().asList().isEmpty();
    }

    @Test
    void commentsAndBlankLinesAreNotEntries() {
        assertThat(catalog.entrypoint("#")).isEmpty();
        assertThat(catalog.entrypoint("")).isEmpty();
        assertThat(catalog.entrypoint("an")).isEmpty();
    }

    @Test
    void tagsAndDigestsAreIgnored() {
        List<String> operator = catalog.entrypoint("muninn/operator").orElseThrow();
        assertThat(catalog.entrypoint("muninn/operator:0.1.0")).contains(operator);
        assertThat(catalog.entrypoint("muninn/operator@sha256:0123456789abcdef")).contains(operator);
        assertThat(catalog.entrypoint("muninn/operator:latest@sha256:0123456789abcdef")).contains(operator);
    }

    @Test
    void anEntryListedWithATagIsFoundByItsRepository() throws Exception {
        Path tagged = dir.resolve("tagged.conf");
        Files.writeString(tagged, "tagged/app:1.2   echo tagged\n");
        ImageCatalog catalog = ImageCatalog.load(tagged, dir);
        assertThat(catalog.entrypoint("tagged/app:3.4")).contains(List.of("echo", "tagged"));
        assertThat(catalog.entrypoint("tagged/app")).contains(List.of("echo", "tagged"));
    }

    @Test
    void registryPortStaysInTheRepository() {
        assertThat(ImageCatalog.repository("localhost:5000/muninn/x:1")).isEqualTo("localhost:5000/muninn/x");
        assertThat(ImageCatalog.repository("localhost:5000/muninn/x")).isEqualTo("localhost:5000/muninn/x");
        assertThat(ImageCatalog.repository("localhost:5000/muninn/x@sha256:abc")).isEqualTo("localhost:5000/muninn/x");
        assertThat(ImageCatalog.repository("localhost:5000/muninn/x:1@sha256:abc")).isEqualTo("localhost:5000/muninn/x");
        assertThat(catalog.entrypoint("localhost:5000/muninn/x:1")).isPresent();
        // The port is part of the name: another registry, or none, is another image.
        assertThat(catalog.entrypoint("localhost:5001/muninn/x:1")).isEmpty();
        assertThat(catalog.entrypoint("muninn/x:1")).isEmpty();
    }

    @Test
    void repositoryOfPlainNames() {
        assertThat(ImageCatalog.repository("busybox")).isEqualTo("busybox");
        assertThat(ImageCatalog.repository("busybox:1.36")).isEqualTo("busybox");
        assertThat(ImageCatalog.repository("docker.io/library/busybox:1.36")).isEqualTo("docker.io/library/busybox");
    }

    @Test
    void dockerHubPrefixesAreIgnored() {
        assertThat(catalog.entrypoint("docker.io/busybox")).contains(List.of());
        assertThat(catalog.entrypoint("docker.io/library/busybox:1.36")).contains(List.of());
        assertThat(catalog.entrypoint("library/busybox")).contains(List.of());
        assertThat(catalog.entrypoint("docker.io/muninn/operator:1")).contains(catalog.entrypoint("muninn/operator").orElseThrow());
        // An entry written with library/ is found under that name and with docker.io/ in front.
        assertThat(catalog.entrypoint("library/nginx:1.27")).contains(List.of("nginx", "-g", "daemon-off"));
        assertThat(catalog.entrypoint("docker.io/library/nginx")).contains(List.of("nginx", "-g", "daemon-off"));
    }

    @Test
    void unknownImagesAreEmpty() {
        assertThat(catalog.entrypoint("quay.io/muninn/operator:1")).isEmpty();
        assertThat(catalog.entrypoint("muninn/unknown")).isEmpty();
        assertThat(catalog.entrypoint("ghcr.io/library/busybox")).isEmpty();
    }

    @Test
    void remembersItsSource() {
        assertThat(catalog.source()).isEqualTo(conf);
    }
}
