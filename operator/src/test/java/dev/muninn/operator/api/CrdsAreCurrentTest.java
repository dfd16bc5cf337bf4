package dev.muninn.operator.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The CRDs in {@code crds/} are what fabric8's crd-generator makes of the API classes in this build (it runs at
 * process-classes, before the tests). A change to the API without regenerating fails here; run the tests with
 * {@code -Dmuninn.crds.update=true} to copy the generated ones over (into the Helm chart too), then commit them.
 */
class CrdsAreCurrentTest {
    private static final Path GENERATED = Path.of("target/classes/META-INF/fabric8");
    private static final Path COMMITTED = Path.of("../crds");
    /** The Helm chart's copy, installed by {@code helm install}; HelmChartTest checks that it equals crds/. */
    private static final Path CHART = Path.of("../charts/muninn-operator/crds");

    @Test
    void committedCrdsMatchTheApiClasses() throws IOException {
        List<Path> generated;
        try (Stream<Path> files = Files.list(GENERATED)) {
            generated = files.filter(f -> f.toString().endsWith(".yml")).sorted().toList();
        }
        assertThat(generated).as("crd-generator output").isNotEmpty();
        boolean update = Boolean.getBoolean("muninn.crds.update");
        for (Path file : generated) {
            Path committed = COMMITTED.resolve(file.getFileName().toString().replace("-v1.yml", ".yaml"));
            if (update) {
                Files.copy(file, committed, StandardCopyOption.REPLACE_EXISTING);
                Files.copy(file, CHART.resolve(committed.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
            assertThat(committed).as(committed + " is missing; run the operator tests with -Dmuninn.crds.update=true")
                    .exists();
            assertThat(Files.readString(committed)).as(committed + " is stale; run the operator tests with "
                    + "-Dmuninn.crds.update=true and commit crds/").isEqualTo(Files.readString(file));
        }
        try (Stream<Path> files = Files.list(COMMITTED)) {
            assertThat(files.filter(f -> f.toString().endsWith(".yaml")).count()).as("no CRD in crds/ without an API "
                    + "class").isEqualTo(generated.size());
        }
    }
}
