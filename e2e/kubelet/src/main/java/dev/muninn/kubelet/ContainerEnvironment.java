package dev.muninn.kubelet;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A container's environment and command line, as a container runtime would see them after the kubelet. */
final class ContainerEnvironment {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\$|\\$\\(([A-Za-z_][A-Za-z0-9_.-]*)\\)");
    private static final Pattern LABEL_PATH = Pattern.compile("metadata\\.(labels|annotations)\\['(.+)'\\]");
    /** What a container image would bring; everything else of the kubelet's own environment stays out. */
    private static final List<String> INHERITED = List.of("PATH", "LANG", "LC_ALL", "JAVA_HOME", "TZ");

    /** Thrown for what a kubelet reports as CreateContainerConfigError. */
    static final class ConfigError extends Exception {
        ConfigError(String message) {
            super(message);
        }
    }

    private final KubernetesClient client;
    private final String apiHost;
    private final int apiPort;

    ContainerEnvironment(KubernetesClient client, String apiHost, int apiPort) {
        this.client = client;
        this.apiHost = apiHost;
        this.apiPort = apiPort;
    }

    Map<String, String> resolve(Pod pod, Container container, String podIp, String hostname) throws ConfigError {
        Map<String, String> env = new LinkedHashMap<>();
        for (String name : INHERITED) {
            String value = System.getenv(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        env.put("HOME", "/root");
        env.put("HOSTNAME", hostname);
        // No kube-proxy: the API server's own address stands in for the kubernetes Service.
        env.put("KUBERNETES_SERVICE_HOST", apiHost);
        env.put("KUBERNETES_SERVICE_PORT", Integer.toString(apiPort));
        env.put("KUBERNETES_SERVICE_PORT_HTTPS", Integer.toString(apiPort));
        env.put("KUBERNETES_PORT", "tcp://" + apiHost + ":" + apiPort);
        String namespace = pod.getMetadata().getNamespace();
        for (EnvFromSource from : nullSafe(container.getEnvFrom())) {
            String prefix = from.getPrefix() == null ? "" : from.getPrefix();
            if (from.getConfigMapRef() != null) {
                ConfigMap map = client.configMaps().inNamespace(namespace).withName(from.getConfigMapRef().getName()).get();
                if (map == null) {
                    if (!Boolean.TRUE.equals(from.getConfigMapRef().getOptional())) {
                        throw new ConfigError("configmap \"" + from.getConfigMapRef().getName() + "\" not found");
                    }
                    continue;
                }
                nullSafe(map.getData()).forEach((k, v) -> env.put(prefix + k, v));
            }
            if (from.getSecretRef() != null) {
                Secret secret = client.secrets().inNamespace(namespace).withName(from.getSecretRef().getName()).get();
                if (secret == null) {
                    if (!Boolean.TRUE.equals(from.getSecretRef().getOptional())) {
                        throw new ConfigError("secret \"" + from.getSecretRef().getName() + "\" not found");
                    }
                    continue;
                }
                nullSafe(secret.getData()).forEach((k, v) -> env.put(prefix + k, decode(v)));
                nullSafe(secret.getStringData()).forEach((k, v) -> env.put(prefix + k, v));
            }
        }
        for (EnvVar var : nullSafe(container.getEnv())) {
            String value = var.getValueFrom() != null
                    ? valueFrom(pod, container, var.getName(), var.getValueFrom(), podIp)
                    : expand(var.getValue() == null ? "" : var.getValue(), env);
            if (value != null) {
                env.put(var.getName(), value);
            }
        }
        return env;
    }

    /** The command line: the pod's command replaces the image's entrypoint; its args follow. */
    static List<String> commandLine(List<String> imageEntrypoint, Container container, Map<String, String> env)
            throws ConfigError {
        List<String> command = new ArrayList<>();
        if (container.getCommand() != null && !container.getCommand().isEmpty()) {
            container.getCommand().forEach(word -> command.add(expand(word, env)));
        } else {
            command.addAll(imageEntrypoint);
        }
        nullSafe(container.getArgs()).forEach(word -> command.add(expand(word, env)));
        if (command.isEmpty()) {
            throw new ConfigError("no command specified: the image has no entrypoint and the container no command");
        }
        return command;
    }

    /** Kubernetes' $(VAR) expansion: known variables are replaced, unknown ones kept, $$ escapes. */
    static String expand(String text, Map<String, String> env) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement;
            if (m.group().equals("$$")) {
                replacement = "$";
            } else {
                replacement = env.getOrDefault(m.group(1), m.group());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private String valueFrom(Pod pod, Container container, String name, EnvVarSource source, String podIp)
            throws ConfigError {
        String namespace = pod.getMetadata().getNamespace();
        if (source.getFieldRef() != null) {
            return field(pod, source.getFieldRef().getFieldPath(), podIp);
        }
        if (source.getResourceFieldRef() != null) {
            return resourceField(container, source.getResourceFieldRef());
        }
        if (source.getConfigMapKeyRef() != null) {
            var ref = source.getConfigMapKeyRef();
            ConfigMap map = client.configMaps().inNamespace(namespace).withName(ref.getName()).get();
            String value = map == null ? null : nullSafe(map.getData()).get(ref.getKey());
            if (value == null && !Boolean.TRUE.equals(ref.getOptional())) {
                throw new ConfigError(map == null ? "configmap \"" + ref.getName() + "\" not found"
                        : "couldn't find key " + ref.getKey() + " in ConfigMap " + namespace + "/" + ref.getName());
            }
            return value;
        }
        if (source.getSecretKeyRef() != null) {
            var ref = source.getSecretKeyRef();
            Secret secret = client.secrets().inNamespace(namespace).withName(ref.getName()).get();
            String value = secret == null ? null : nullSafe(secret.getData()).get(ref.getKey());
            if (value == null && !Boolean.TRUE.equals(ref.getOptional())) {
                throw new ConfigError(secret == null ? "secret \"" + ref.getName() + "\" not found"
                        : "couldn't find key " + ref.getKey() + " in Secret " + namespace + "/" + ref.getName());
            }
            return value == null ? null : decode(value);
        }
        throw new ConfigError("env " + name + ": unsupported valueFrom");
    }

    static String field(Pod pod, String path, String podIp) throws ConfigError {
        Matcher label = LABEL_PATH.matcher(path);
        if (label.matches()) {
            Map<String, String> values = label.group(1).equals("labels")
                    ? pod.getMetadata().getLabels() : pod.getMetadata().getAnnotations();
            return nullSafe(values).getOrDefault(label.group(2), "");
        }
        return switch (path) {
            case "metadata.name" -> pod.getMetadata().getName();
            case "metadata.namespace" -> pod.getMetadata().getNamespace();
            case "metadata.uid" -> pod.getMetadata().getUid();
            case "spec.nodeName" -> pod.getSpec().getNodeName();
            case "spec.serviceAccountName" -> pod.getSpec().getServiceAccountName();
            case "status.podIP", "status.podIPs" -> podIp;
            case "status.hostIP", "status.hostIPs" -> pod.getStatus() == null ? "" : nullToEmpty(pod.getStatus().getHostIP());
            default -> throw new ConfigError("unsupported fieldPath " + path);
        };
    }

    private static String resourceField(Container container, ResourceFieldSelector ref) {
        String[] parts = ref.getResource().split("\\.", 2);
        Map<String, Quantity> amounts = container.getResources() == null ? null
                : parts[0].equals("limits") ? container.getResources().getLimits() : container.getResources().getRequests();
        Quantity amount = amounts == null ? null : amounts.get(parts[1]);
        if (amount == null) {
            // A container without a limit sees the node's allocatable amount, as on a real node.
            amount = parts[1].equals("cpu") ? new Quantity(Integer.toString(Runtime.getRuntime().availableProcessors()))
                    : new Quantity(Long.toString(NodeResources.memoryBytes()));
        }
        BigDecimal divisor = ref.getDivisor() == null ? BigDecimal.ONE : ref.getDivisor().getNumericalAmount();
        return amount.getNumericalAmount().divide(divisor, 0, RoundingMode.CEILING).toPlainString();
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }

    static <K, V> Map<K, V> nullSafe(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }
}
