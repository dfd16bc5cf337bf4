package dev.muninn.node.http.errors;

/** The caller is known but may not do this: RavenDB's 403 AuthorizationException. */
public final class ForbiddenException extends RuntimeException {
    public ForbiddenException(String message) {
        super(message);
    }
}
