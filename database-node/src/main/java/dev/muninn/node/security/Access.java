package dev.muninn.node.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a route (a resource method, or every method of a resource class) requires of the client's certificate on a
 * secured node. A route without one is refused to all but cluster admins, and a test fails on it.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Access {
    RequiredAccess value();
}
