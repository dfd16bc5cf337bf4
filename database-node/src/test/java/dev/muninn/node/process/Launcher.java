package dev.muninn.node.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@code ./muninn} of the checkout as a user would, with a small heap per node (test helper). */
final class Launcher {
    private Launcher() {
    }

    /** The checkout's root (the {@code muninn.repo.root} property, else the parent of the module). */
    static Path root() {
        return Path.of(System.getProperty("muninn.repo.root", "..")).toAbsolutePath().normalize();
    }

    /** Runs {@code ./muninn args} with {@code environment}; asserts it succeeds and returns what it printed. */
    static String run(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(root().resolve("muninn").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(root().toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        builder.environment().put("MUNINN_JAVA_OPTS", "-Xmx384m");
        Process process = builder.start();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(180, TimeUnit.SECONDS)).isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(text).isZero();
        return text;
    }
}
