package dev.muninn.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * {@code charts/muninn-operator} through Helm's own code (helm-java): {@code helm lint --strict} passes, the
 * rendered objects are what an administrator expects (one operator, least-privilege rules covering every Muninn
 * resource, bindings per watched namespace), bad values are refused by the schema, and the chart ships the CRDs of
 * this build. That the rules are enough is proved on a real API server by the e2e suite, where the operator runs
 * under them.
 */
class HelmChartTest {
    private static final Path CHART = Path.of("../charts/muninn-operator");
    private static final Path CRDS = Path.of("../crds");

    @Test
    void lintsStrictly() {
        LintResult result = new Helm(CHART).lint().strict().call();
        assertThat(result.isFailed()).as(String.join("\n", result.getMessages())).isFalse();
        assertThat(result.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
    }

    @Test
    void rendersOneOperatorWithItsProbesAndAClusterWideBinding() {
        List<HasMetadata> objects = render(new Helm(CHART).template().withName("ops").withNamespace("muninn-system"));
        Deployment deployment = only(objects, Deployment.class);
        assertThat(deployment.getMetadata().getNamespace()).isEqualTo("muninn-system");
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(1);
        assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");
        var pod = deployment.getSpec().getTemplate().getSpec();
        var container = pod.getContainers().get(0);
        assertThat(container.getImage()).isEqualTo("muninn/operator:dev");
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        Map<String, String> env = container.getEnv().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
        assertThat(env).containsEntry("MUNINN_OPERATOR_WATCH_NAMESPACES", "")
                .containsEntry("MUNINN_OPERATOR_HTTP_PORT", "8081");
        assertThat(deployment.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(deployment.getSpec().getSelector().getMatchLabels());

        String serviceAccount = pod.getServiceAccountName();
        assertThat(serviceAccount).isEqualTo("ops-muninn-operator");
        ClusterRoleBinding binding = only(objects, ClusterRoleBinding.class);
        assertThat(binding.getRoleRef().getName()).isEqualTo(only(objects, ClusterRole.class).getMetadata().getName());
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getName()).isEqualTo(serviceAccount);
            assertThat(s.getNamespace()).isEqualTo("muninn-system");
        });
        assertThat(objects).noneMatch(o -> o instanceof RoleBinding roleBinding
                && roleBinding.getRoleRef().getKind().equals("ClusterRole"));
        assertThat(objects).noneMatch(o -> o.getKind().equals("MuninnCluster"));
        // In the operator's namespace: Leases for leader election (the Lease's name in the environment), and the
        // Secret of its own client certificate, read or made once.
        Role election = only(objects, Role.class);
        assertThat(election.getMetadata().getNamespace()).isEqualTo("muninn-system");
        assertThat(election.getRules()).hasSize(2);
        assertThat(election.getRules().get(0)).satisfies(rule -> {
            assertThat(rule.getApiGroups()).containsExactly("coordination.k8s.io");
            assertThat(rule.getResources()).containsExactly("leases");
            assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "create", "update", "patch");
        });
        assertThat(election.getRules().get(1)).satisfies(rule -> {
            assertThat(rule.getResources()).containsExactly("secrets");
            assertThat(rule.getVerbs()).containsExactlyInAnyOrder("get", "create");
        });
        assertThat(env).containsEntry("MUNINN_OPERATOR_LEASE_NAME", "ops-muninn-operator");
    }

    @Test
    void bindsTheRoleOnlyInTheWatchedNamespaces(@TempDir Path folder) throws IOException {
        Path values = Files.writeString(folder.resolve("values.yaml"), "watchNamespaces: [team-a, team-b]\n");
        List<HasMetadata> objects = render(new Helm(CHART).template().withName("ops").withNamespace("muninn-system")
                .withValuesFile(values));
        assertThat(objects).noneMatch(ClusterRoleBinding.class::isInstance);
        assertThat(objects.stream().filter(o -> o instanceof RoleBinding binding
                && binding.getRoleRef().getKind().equals("ClusterRole")).map(o -> o.getMetadata().getNamespace()))
                .containsExactlyInAnyOrder("team-a", "team-b");
        EnvVar watched = only(objects, Deployment.class).getSpec().getTemplate().getSpec().getContainers().get(0)
                .getEnv().stream().filter(e -> e.getName().equals("MUNINN_OPERATOR_WATCH_NAMESPACES")).findFirst()
                .orElseThrow();
        assertThat(watched.getValue()).isEqualTo("team-a,team-b");
    }

    @Test
    void grantsEveryMuninnResourceAndNothingBroad() throws IOException {
        ClusterRole role = only(render(new Helm(CHART).template().withName("ops")), ClusterRole.class);
        Map<String, Set<String>> verbs = role.getRules().stream().flatMap(rule -> rule.getResources().stream()
                .map(resource -> Map.entry(rule.getApiGroups().get(0) + "/" + resource, rule)))
                .collect(Collectors.toMap(Map.Entry::getKey, e -> Set.copyOf(e.getValue().getVerbs())));
        for (String plural : crdPlurals()) {
            assertThat(verbs.get("muninn.dev/" + plural)).as(plural).contains("get", "list", "watch", "patch");
            assertThat(verbs.get("muninn.dev/" + plural + "/status")).as(plural + "/status").contains("patch");
        }
        assertThat(role.getRules()).allSatisfy(rule -> {
            assertThat(rule.getVerbs()).doesNotContain("*", "deletecollection", "escalate", "bind", "impersonate");
            assertThat(rule.getResources()).doesNotContain("*");
            assertThat(rule.getApiGroups()).doesNotContain("*");
        });
        assertThat(verbs.get("/secrets")).as("credentials are read one by one, never listed; certificates made and "
                + "renewed").containsExactlyInAnyOrder("get", "create", "update");
        assertThat(verbs.get("/pods")).doesNotContain("update", "patch");
        assertThat(verbs).doesNotContainKeys("/nodes", "/namespaces", "apps/statefulsets");
        assertThat(role.getRules().stream().map(PolicyRule::getApiGroups).flatMap(List::stream))
                .doesNotContain("rbac.authorization.k8s.io", "apiextensions.k8s.io");
    }

    @Test
    void installsTheExampleClusterOnlyWhenAsked() {
        List<HasMetadata> objects = render(new Helm(CHART).template().withName("ops").withNamespace("demo")
                .set("exampleCluster.enabled", "true").set("exampleCluster.nodes", "5"));
        HasMetadata example = objects.stream().filter(o -> o.getKind().equals("MuninnCluster")).findFirst()
                .orElseThrow();
        assertThat(example.getMetadata().getNamespace()).isEqualTo("demo");
        assertThat(((GenericKubernetesResource) example).<Integer>get("spec", "nodes")).isEqualTo(5);
    }

    @Test
    void refusesValuesTheSchemaDoesNotKnow(@TempDir Path folder) throws IOException {
        assertThatThrownBy(() -> new Helm(CHART).template().withName("ops").set("replicas", "2").call())
                .hasMessageContaining("schema").hasMessageContaining("replicas");
        Path badNamespace = Files.writeString(folder.resolve("values.yaml"), "watchNamespaces: [Team_A]\n");
        assertThatThrownBy(() -> new Helm(CHART).template().withName("ops").withValuesFile(badNamespace).call())
                .hasMessageContaining("watchNamespaces");
        assertThatThrownBy(() -> new Helm(CHART).template().withName("ops").set("serviceAccount.create", "false")
                .call()).hasMessageContaining("serviceAccount.name must name an existing service account");
    }

    @Test
    void shipsTheCrdsOfThisBuild() throws IOException {
        Map<String, String> committed = readAll(CRDS);
        assertThat(committed).isNotEmpty();
        assertThat(readAll(CHART.resolve("crds"))).as("charts/muninn-operator/crds/ is a copy of crds/; run the "
                + "operator tests with -Dmuninn.crds.update=true").isEqualTo(committed);
    }

    private static List<String> crdPlurals() throws IOException {
        return readAll(CRDS).values().stream()
                .map(yaml -> Serialization.unmarshal(yaml, CustomResourceDefinition.class).getSpec().getNames()
                        .getPlural()).toList();
    }

    private static Map<String, String> readAll(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).collect(Collectors.toMap(
                    f -> f.getFileName().toString(), HelmChartTest::read));
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<HasMetadata> render(TemplateCommand command) {
        return Arrays.stream(command.call().split("(?m)^---\\s*$")).filter(doc -> doc.lines()
                .anyMatch(line -> line.startsWith("kind:"))).map(doc -> (HasMetadata) Serialization.unmarshal(doc))
                .toList();
    }

    private static <T extends HasMetadata> T only(List<HasMetadata> objects, Class<T> type) {
        List<T> matching = objects.stream().filter(type::isInstance).map(type::cast).toList();
        assertThat(matching).as(type.getSimpleName()).hasSize(1);
        return matching.get(0);
    }
}
