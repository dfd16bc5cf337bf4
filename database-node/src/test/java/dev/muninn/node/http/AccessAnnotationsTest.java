package dev.muninn.node.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.muninn.node.security.Access;

/** Every route says what it requires: a route added without {@link Access} fails here, not in production. */
class AccessAnnotationsTest {
    @Test
    void everyResourceMethodNamesItsRequiredAccess() throws Exception {
        List<String> missing = new ArrayList<>();
        int routes = 0;
        try (var files = Files.list(Path.of("target/classes/dev/muninn/node/http"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                Class<?> type = Class.forName("dev.muninn.node.http." + file.getFileName().toString()
                        .replace(".class", ""));
                if (type.getAnnotation(jakarta.ws.rs.Path.class) == null) {
                    continue;
                }
                for (Method method : type.getDeclaredMethods()) {
                    if (!isRoute(method)) {
                        continue;
                    }
                    routes++;
                    if (method.getAnnotation(Access.class) == null && type.getAnnotation(Access.class) == null) {
                        missing.add(type.getSimpleName() + "." + method.getName());
                    }
                }
            }
        }
        assertThat(routes).isGreaterThan(50);
        assertThat(missing).isEmpty();
    }

    private static boolean isRoute(Method method) {
        return method.isAnnotationPresent(jakarta.ws.rs.GET.class) || method.isAnnotationPresent(jakarta.ws.rs.PUT.class)
                || method.isAnnotationPresent(jakarta.ws.rs.POST.class)
                || method.isAnnotationPresent(jakarta.ws.rs.DELETE.class)
                || method.isAnnotationPresent(jakarta.ws.rs.HEAD.class);
    }
}
