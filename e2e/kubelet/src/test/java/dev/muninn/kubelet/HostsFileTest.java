package dev.muninn.kubelet;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HostsFileTest {
    private static final String ORIGINAL = """
            127.0.0.1\tlocalhost
            ::1     localhost ip6-localhost ip6-loopback

            # a comment, with trailing spaces \s\s
            192.168.1.10 büro.example
            """;

    @TempDir
    Path dir;

    private Path file;
    private HostsFile hosts;

    @BeforeEach
    void setUp() throws IOException {
        file = dir.resolve("hosts");
        Files.writeString(file, ORIGINAL, StandardCharsets.UTF_8);
        hosts = new HostsFile(file);
    }

    private String content() throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    @Test
    void putAppendsAMarkedBlockAndKeepsTheRest() throws IOException {
        hosts.put("uid-a", "10.244.0.2", List.of("web-0.web.shop.svc.cluster.local", "web-0"));
        assertThat(content()).isEqualTo(ORIGINAL
                + HostsFile.BEGIN + "\n"
                + "10.244.0.2 web-0.web.shop.svc.cluster.local web-0\n"
                + HostsFile.END + "\n");
    }

    @Test
    void secondPutAndRemoveRewriteTheBlock() throws IOException {
        hosts.put("uid-b", "10.244.0.3", List.of("b"));
        hosts.put("uid-a", "10.244.0.2", List.of("a"));
        // Lines are ordered by pod uid, one block only.
        assertThat(content()).isEqualTo(ORIGINAL + HostsFile.BEGIN + "\n"
                + "10.244.0.2 a\n10.244.0.3 b\n" + HostsFile.END + "\n");

        hosts.put("uid-a", "10.244.0.9", List.of("a2", "a3"));
        assertThat(content()).isEqualTo(ORIGINAL + HostsFile.BEGIN + "\n"
                + "10.244.0.9 a2 a3\n10.244.0.3 b\n" + HostsFile.END + "\n");

        hosts.remove("uid-a");
        assertThat(content()).isEqualTo(ORIGINAL + HostsFile.BEGIN + "\n"
                + "10.244.0.3 b\n" + HostsFile.END + "\n");
        assertThat(content().lines().filter(l -> l.startsWith("# BEGIN muninn-local-k8s"))).hasSize(1);
    }

    @Test
    void removingTheLastPodRemovesTheBlock() throws IOException {
        hosts.put("uid-a", "10.244.0.2", List.of("a"));
        hosts.remove("uid-a");
        assertThat(content()).isEqualTo(ORIGINAL);
    }

    @Test
    void removeOfAnUnknownPodDoesNotTouchTheFile() throws IOException {
        Files.writeString(file, "no trailing newline");
        hosts.remove("uid-x");
        assertThat(content()).isEqualTo("no trailing newline");
    }

    @Test
    void clearRemovesTheBlockEntirely() throws IOException {
        hosts.put("uid-a", "10.244.0.2", List.of("a"));
        hosts.put("uid-b", "10.244.0.3", List.of("b"));
        hosts.clear();
        assertThat(content()).isEqualTo(ORIGINAL).doesNotContain("muninn-local-k8s");
    }

    @Test
    void clearRemovesABlockLeftByAnEarlierKubelet() throws IOException {
        Files.writeString(file, ORIGINAL + HostsFile.BEGIN + "\n10.244.0.77 stale\n" + HostsFile.END + "\n");
        hosts.clear();
        assertThat(content()).isEqualTo(ORIGINAL);
    }

    @Test
    void putReplacesABlockLeftByAnEarlierKubelet() throws IOException {
        // A block in the middle of the file, as another tool may have appended lines after it.
        Files.writeString(file, "127.0.0.1 localhost\n" + HostsFile.BEGIN + "\n10.244.0.77 stale\n"
                + HostsFile.END + "\n10.0.0.1 after\n");
        hosts.put("uid-a", "10.244.0.2", List.of("a"));
        assertThat(content()).isEqualTo("127.0.0.1 localhost\n10.0.0.1 after\n" + HostsFile.BEGIN + "\n"
                + "10.244.0.2 a\n" + HostsFile.END + "\n");
    }

    @Test
    void fileIsRewrittenInPlace() throws IOException {
        Object before = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        hosts.put("uid-a", "10.244.0.2", List.of("a"));
        hosts.clear();
        Object after = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
        if (before != null) {
            assertThat(after).isEqualTo(before);
        }
    }

    @Test
    void namesOfAPodWithSubdomain() {
        assertThat(HostsFile.namesOf("web-0", "web-0", "web", "shop", "10.244.1.7", "cluster.local"))
                .containsExactly("web-0.web.shop.svc.cluster.local", "10-244-1-7.shop.pod.cluster.local", "web-0");
    }

    @Test
    void hostnameOverridesThePodName() {
        assertThat(HostsFile.namesOf("pod-xyz", "db", "dbs", "data", "127.0.0.5", "example.internal"))
                .containsExactly("db.dbs.data.svc.example.internal", "127-0-0-5.data.pod.example.internal", "db");
    }

    @Test
    void namesOfAPodWithSubdomainButNoHostname() {
        assertThat(HostsFile.namesOf("web-1", null, "web", "shop", "10.244.1.8", "cluster.local"))
                .containsExactly("web-1.web.shop.svc.cluster.local", "10-244-1-8.shop.pod.cluster.local", "web-1");
        assertThat(HostsFile.namesOf("web-1", "", "web", "shop", "10.244.1.8", "cluster.local"))
                .startsWith("web-1.web.shop.svc.cluster.local");
    }

    @Test
    void namesOfAPodWithoutSubdomain() {
        assertThat(HostsFile.namesOf("api-5d9f", null, null, "default", "10.244.0.12", "cluster.local"))
                .containsExactly("10-244-0-12.default.pod.cluster.local", "api-5d9f");
        assertThat(HostsFile.namesOf("api-5d9f", "api", "", "default", "10.244.0.12", "cluster.local"))
                .containsExactly("10-244-0-12.default.pod.cluster.local", "api");
    }
}
