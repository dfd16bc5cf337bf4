package dev.muninn.kubelet;

import dev.muninn.kubelet.ContainerEnvironment.ConfigError;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

class ContainerEnvironmentTest {
    private static final List<String> INHERITED = List.of("PATH", "LANG", "LC_ALL", "JAVA_HOME", "TZ");

    private static Pod pod() {
        return new PodBuilder()
                .withNewMetadata()
                    .withName("web-0").withNamespace("shop").withUid("0b5a-uid")
                    .addToLabels("app", "web").addToLabels("app.kubernetes.io/name", "shop-web")
                    .addToAnnotations("owner", "team-a")
                .endMetadata()
                .withNewSpec()
                    .withNodeName("muninn-node").withServiceAccountName("web-sa")
                    .addNewContainer().withName("main").withImage("muninn/web:1").endContainer()
                .endSpec()
                .build();
    }

    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    // --- expand ---------------------------------------------------------------------------------------------------

    @Test
    void expandReplacesKnownVariables() {
        Map<String, String> env = env("A", "alpha", "B_2", "beta", "dotted.name", "d");
        assertThat(ContainerEnvironment.expand("$(A)", env)).isEqualTo("alpha");
        assertThat(ContainerEnvironment.expand("x-$(A)-$(B_2)-y", env)).isEqualTo("x-alpha-beta-y");
        assertThat(ContainerEnvironment.expand("$(A)$(A)", env)).isEqualTo("alphaalpha");
        assertThat(ContainerEnvironment.expand("$(dotted.name)", env)).isEqualTo("d");
    }

    @Test
    void expandKeepsUnknownVariablesAndNonReferences() {
        Map<String, String> env = env("A", "alpha");
        assertThat(ContainerEnvironment.expand("$(MISSING)", env)).isEqualTo("$(MISSING)");
        assertThat(ContainerEnvironment.expand("$(MISSING)/$(A)", env)).isEqualTo("$(MISSING)/alpha");
        assertThat(ContainerEnvironment.expand("$A ${A} $( A) $(A", env)).isEqualTo("$A ${A} $( A) $(A");
        assertThat(ContainerEnvironment.expand("plain", env)).isEqualTo("plain");
        assertThat(ContainerEnvironment.expand("", env)).isEmpty();
    }

    @Test
    void expandEscapesDoubleDollar() {
        Map<String, String> env = env("A", "alpha");
        assertThat(ContainerEnvironment.expand("$$(A)", env)).isEqualTo("$(A)");
        assertThat(ContainerEnvironment.expand("$$", env)).isEqualTo("$");
        assertThat(ContainerEnvironment.expand("cost: $$5", env)).isEqualTo("cost: $5");
        assertThat(ContainerEnvironment.expand("$$$(A)", env)).isEqualTo("$alpha");
        assertThat(ContainerEnvironment.expand("$$$$(A)", env)).isEqualTo("$$(A)");
    }

    @Test
    void expandInsertsReplacementLiterally() {
        // Values with $ and \ must not be read as regex group references.
        Map<String, String> env = env("A", "$1\\x", "B", "$(A)");
        assertThat(ContainerEnvironment.expand("[$(A)]", env)).isEqualTo("[$1\\x]");
        // No recursive expansion of a value.
        assertThat(ContainerEnvironment.expand("$(B)", env)).isEqualTo("$(A)");
    }

    // --- commandLine -------------------------------------------------------------------------------------------

    @Test
    void imageEntrypointIsUsedWithoutCommandAndArgsAreAppended() throws ConfigError {
        Container c = new ContainerBuilder().withName("c").withArgs("--port", "$(PORT)").build();
        assertThat(ContainerEnvironment.commandLine(List.of("java", "-jar", "app.jar"), c, env("PORT", "8080")))
                .containsExactly("java", "-jar", "app.jar", "--port", "8080");
    }

    @Test
    void podCommandReplacesEntrypoint() throws ConfigError {
        Container c = new ContainerBuilder().withName("c")
                .withCommand("sh", "-c", "echo $(MSG)").withArgs("$(MSG)", "$(UNKNOWN)").build();
        assertThat(ContainerEnvironment.commandLine(List.of("java", "-jar", "app.jar"), c, env("MSG", "hi")))
                .containsExactly("sh", "-c", "echo hi", "hi", "$(UNKNOWN)");
    }

    @Test
    void emptyCommandListFallsBackToTheEntrypoint() throws ConfigError {
        Container c = new ContainerBuilder().withName("c").withCommand(List.of()).build();
        assertThat(ContainerEnvironment.commandLine(List.of("server"), c, Map.of())).containsExactly("server");
    }

    @Test
    void imageEntrypointIsNotExpanded() throws ConfigError {
        Container c = new ContainerBuilder().withName("c").build();
        assertThat(ContainerEnvironment.commandLine(List.of("run", "$(A)"), c, env("A", "x")))
                .containsExactly("run", "$(A)");
    }

    @Test
    void argsAloneRunWhenTheImageHasNoEntrypoint() throws ConfigError {
        Container c = new ContainerBuilder().withName("c").withArgs("sleep", "$(T)").build();
        assertThat(ContainerEnvironment.commandLine(List.of(), c, env("T", "5"))).containsExactly("sleep", "5");
    }

    @Test
    void noCommandAtAllIsAConfigError() {
        Container c = new ContainerBuilder().withName("c").build();
        assertThatThrownBy(() -> ContainerEnvironment.commandLine(List.of(), c, Map.of()))
                .isInstanceOf(ConfigError.class).hasMessageContaining("no command");
        Container empty = new ContainerBuilder().withName("c").withCommand(List.of()).withArgs(List.of()).build();
        assertThatThrownBy(() -> ContainerEnvironment.commandLine(List.of(), empty, Map.of()))
                .isInstanceOf(ConfigError.class);
    }

    // --- field -------------------------------------------------------------------------------------------------

    @Test
    void fieldsOfTheDownwardApi() throws ConfigError {
        Pod pod = pod();
        assertThat(ContainerEnvironment.field(pod, "metadata.name", "10.0.0.7")).isEqualTo("web-0");
        assertThat(ContainerEnvironment.field(pod, "metadata.namespace", "10.0.0.7")).isEqualTo("shop");
        assertThat(ContainerEnvironment.field(pod, "metadata.uid", "10.0.0.7")).isEqualTo("0b5a-uid");
        assertThat(ContainerEnvironment.field(pod, "status.podIP", "10.0.0.7")).isEqualTo("10.0.0.7");
        assertThat(ContainerEnvironment.field(pod, "status.podIPs", "10.0.0.7")).isEqualTo("10.0.0.7");
        assertThat(ContainerEnvironment.field(pod, "spec.nodeName", "10.0.0.7")).isEqualTo("muninn-node");
        assertThat(ContainerEnvironment.field(pod, "spec.serviceAccountName", "10.0.0.7")).isEqualTo("web-sa");
    }

    @Test
    void labelsAndAnnotations() throws ConfigError {
        Pod pod = pod();
        assertThat(ContainerEnvironment.field(pod, "metadata.labels['app']", null)).isEqualTo("web");
        assertThat(ContainerEnvironment.field(pod, "metadata.labels['app.kubernetes.io/name']", null))
                .isEqualTo("shop-web");
        assertThat(ContainerEnvironment.field(pod, "metadata.annotations['owner']", null)).isEqualTo("team-a");
        assertThat(ContainerEnvironment.field(pod, "metadata.labels['missing']", null)).isEmpty();
        // Labels and annotations are separate maps.
        assertThat(ContainerEnvironment.field(pod, "metadata.annotations['app']", null)).isEmpty();
        assertThat(ContainerEnvironment.field(pod, "metadata.labels['owner']", null)).isEmpty();
    }

    @Test
    void labelsOfAPodWithoutAny() throws ConfigError {
        Pod bare = new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewSpec().endSpec().build();
        assertThat(ContainerEnvironment.field(bare, "metadata.labels['app']", null)).isEmpty();
        assertThat(ContainerEnvironment.field(bare, "metadata.annotations['x']", null)).isEmpty();
    }

    @Test
    void hostIpWithoutStatusIsEmpty() throws ConfigError {
        assertThat(ContainerEnvironment.field(pod(), "status.hostIP", "10.0.0.7")).isEmpty();
        Pod withStatus = new PodBuilder(pod()).withNewStatus().withHostIP("192.168.1.2").endStatus().build();
        assertThat(ContainerEnvironment.field(withStatus, "status.hostIP", "10.0.0.7")).isEqualTo("192.168.1.2");
    }

    @Test
    void unsupportedFieldPathIsAConfigError() {
        assertThatThrownBy(() -> ContainerEnvironment.field(pod(), "spec.schedulerName", "10.0.0.7"))
                .isInstanceOf(ConfigError.class).hasMessageContaining("unsupported fieldPath spec.schedulerName");
        assertThatThrownBy(() -> ContainerEnvironment.field(pod(), "metadata.labels", "10.0.0.7"))
                .isInstanceOf(ConfigError.class);
    }

    // --- resolve -----------------------------------------------------------------------------------------------

    @Test
    void resolveWithPlainValuesAndFieldRefs() throws ConfigError {
        Container container = new ContainerBuilder().withName("main").withImage("muninn/web:1")
                .addNewEnv().withName("GREETING").withValue("hello").endEnv()
                .addNewEnv().withName("POD_NAME").withNewValueFrom().withNewFieldRef()
                    .withFieldPath("metadata.name").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("POD_IP").withNewValueFrom().withNewFieldRef()
                    .withFieldPath("status.podIP").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("APP").withNewValueFrom().withNewFieldRef()
                    .withFieldPath("metadata.labels['app']").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("URL").withValue("http://$(POD_IP):8080/$(GREETING)/$(LATER)").endEnv()
                .addNewEnv().withName("API").withValue("$(KUBERNETES_SERVICE_HOST):$(KUBERNETES_SERVICE_PORT)").endEnv()
                .addNewEnv().withName("ESCAPED").withValue("$$(GREETING)").endEnv()
                .addNewEnv().withName("EMPTY").endEnv()
                .addNewEnv().withName("LATER").withValue("late").endEnv()
                .build();
        Map<String, String> env = new ContainerEnvironment(null, "127.0.0.1", 6443)
                .resolve(pod(), container, "10.1.0.5", "web-0");

        assertThat(env)
                .containsEntry("HOME", "/root")
                .containsEntry("HOSTNAME", "web-0")
                .containsEntry("KUBERNETES_SERVICE_HOST", "127.0.0.1")
                .containsEntry("KUBERNETES_SERVICE_PORT", "6443")
                .containsEntry("KUBERNETES_SERVICE_PORT_HTTPS", "6443")
                .containsEntry("KUBERNETES_PORT", "tcp://127.0.0.1:6443")
                .containsEntry("GREETING", "hello")
                .containsEntry("POD_NAME", "web-0")
                .containsEntry("POD_IP", "10.1.0.5")
                .containsEntry("APP", "web")
                // Only entries defined earlier are expanded; later ones stay as written.
                .containsEntry("URL", "http://10.1.0.5:8080/hello/$(LATER)")
                .containsEntry("API", "127.0.0.1:6443")
                .containsEntry("ESCAPED", "$(GREETING)")
                .containsEntry("EMPTY", "")
                .containsEntry("LATER", "late");
    }

    @Test
    void laterEntriesOverrideEarlierOnes() throws ConfigError {
        Container container = new ContainerBuilder().withName("main")
                .addNewEnv().withName("X").withValue("1").endEnv()
                .addNewEnv().withName("X").withValue("$(X)2").endEnv()
                .addNewEnv().withName("HOSTNAME").withValue("custom").endEnv()
                .build();
        Map<String, String> env = new ContainerEnvironment(null, "10.96.0.1", 443)
                .resolve(pod(), container, "10.1.0.5", "web-0");
        assertThat(env).containsEntry("X", "12").containsEntry("HOSTNAME", "custom");
    }

    @Test
    void kubeletsOwnEnvironmentDoesNotLeak() throws ConfigError {
        Container container = new ContainerBuilder().withName("main")
                .addNewEnv().withName("MINE").withValue("v").endEnv().build();
        Map<String, String> env = new ContainerEnvironment(null, "127.0.0.1", 6443)
                .resolve(pod(), container, "10.1.0.5", "web-0");

        Set<String> allowed = new HashSet<>(INHERITED);
        allowed.addAll(List.of("HOME", "HOSTNAME", "KUBERNETES_SERVICE_HOST", "KUBERNETES_SERVICE_PORT",
                "KUBERNETES_SERVICE_PORT_HTTPS", "KUBERNETES_PORT", "MINE"));
        assertThat(allowed).containsAll(env.keySet());
        assertThat(env.keySet()).noneMatch(k -> k.startsWith("MAVEN_")).doesNotContain("KUBECONFIG", "USER", "PWD");
        for (String name : INHERITED) {
            String own = System.getenv(name);
            if (own == null) {
                assertThat(env).doesNotContainKey(name);
            } else {
                assertThat(env).containsEntry(name, own);
            }
        }
        // The test JVM does have an environment beyond the inherited names; none of it may appear.
        Set<String> others = new HashSet<>(System.getenv().keySet());
        others.removeAll(allowed);
        assumeThat(others).as("the test JVM's own environment").isNotEmpty();
        assertThat(env.keySet()).doesNotContainAnyElementsOf(others);
    }

    @Test
    void resourceFieldRefOfALimit() throws ConfigError {
        Container container = new ContainerBuilder().withName("main")
                .withNewResources().addToLimits("cpu", new Quantity("500m"))
                    .addToLimits("memory", new Quantity("64Mi")).addToRequests("cpu", new Quantity("250m")).endResources()
                .addNewEnv().withName("CPU_MILLIS").withNewValueFrom().withNewResourceFieldRef()
                    .withResource("limits.cpu").withDivisor(new Quantity("1m")).endResourceFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("CPU").withNewValueFrom().withNewResourceFieldRef()
                    .withResource("limits.cpu").endResourceFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("MEM_MI").withNewValueFrom().withNewResourceFieldRef()
                    .withResource("limits.memory").withDivisor(new Quantity("1Mi")).endResourceFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("REQ_CPU_MILLIS").withNewValueFrom().withNewResourceFieldRef()
                    .withResource("requests.cpu").withDivisor(new Quantity("1m")).endResourceFieldRef().endValueFrom().endEnv()
                .build();
        Map<String, String> env = new ContainerEnvironment(null, "127.0.0.1", 6443)
                .resolve(pod(), container, "10.1.0.5", "web-0");
        assertThat(env)
                .containsEntry("CPU_MILLIS", "500")
                .containsEntry("CPU", "1") // rounded up, as the kubelet does
                .containsEntry("MEM_MI", "64")
                .containsEntry("REQ_CPU_MILLIS", "250");
    }

    @Test
    void emptyValueFromIsAConfigError() {
        Container container = new ContainerBuilder().withName("main")
                .addNewEnv().withName("ODD").withNewValueFrom().endValueFrom().endEnv().build();
        assertThatThrownBy(() -> new ContainerEnvironment(null, "127.0.0.1", 6443)
                .resolve(pod(), container, "10.1.0.5", "web-0"))
                .isInstanceOf(ConfigError.class).hasMessageContaining("ODD");
    }

    @Test
    void unsupportedFieldRefInEnvIsAConfigError() {
        Container container = new ContainerBuilder().withName("main")
                .addNewEnv().withName("S").withNewValueFrom().withNewFieldRef()
                    .withFieldPath("spec.priority").endFieldRef().endValueFrom().endEnv().build();
        assertThatThrownBy(() -> new ContainerEnvironment(null, "127.0.0.1", 6443)
                .resolve(pod(), container, "10.1.0.5", "web-0"))
                .isInstanceOf(ConfigError.class).hasMessageContaining("spec.priority");
    }
}
