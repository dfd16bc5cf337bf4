package dev.muninn.node.http.errors;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.List;
import java.util.Optional;

import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MultivaluedMap;

/**
 * Which query string parameter of a request could not be read as the number its route declares, and a message naming
 * it. JAX-RS answers such a request as if the route
 * did not exist; the client deserves the parameter's name and what it should be instead.
 */
final class InvalidQueryParameter {
    private InvalidQueryParameter() {
    }

    /** The message for the first parameter of {@code method} whose value in {@code query} does not convert. */
    static Optional<String> describe(Method method, MultivaluedMap<String, String> query) {
        for (Parameter parameter : method.getParameters()) {
            QueryParam name = parameter.getAnnotation(QueryParam.class);
            if (name == null) {
                continue;
            }
            Class<?> type = parameter.getType();
            List<String> values = query.get(name.value());
            if (values == null) {
                continue;
            }
            for (String value : values) {
                Optional<String> expected = problem(type, value);
                if (expected.isPresent()) {
                    return Optional.of("Query string parameter '" + name.value() + "' must be " + expected.get()
                            + ", got '" + abbreviated(value) + "'");
                }
            }
        }
        return Optional.empty();
    }

    /** What {@code value} should be for {@code type}, if it is not; empty when it converts. */
    private static Optional<String> problem(Class<?> type, String value) {
        try {
            if (type == int.class || type == Integer.class) {
                Integer.parseInt(value.trim());
                return Optional.empty();
            }
            if (type == long.class || type == Long.class) {
                Long.parseLong(value.trim());
                return Optional.empty();
            }
            if (type == double.class || type == Double.class) {
                Double.parseDouble(value.trim());
                return Optional.empty();
            }
        } catch (NumberFormatException e) {
            String kind = type == double.class || type == Double.class ? "a number"
                    : type == int.class || type == Integer.class ? "a whole number between " + Integer.MIN_VALUE
                    + " and " + Integer.MAX_VALUE : "a whole number between " + Long.MIN_VALUE + " and "
                    + Long.MAX_VALUE;
            return Optional.of(kind);
        }
        return Optional.empty();
    }

    private static String abbreviated(String value) {
        return value.length() <= 64 ? value : value.substring(0, 64) + "…";
    }
}
