package dev.muninn.node.http;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.muninn.node.security.Identity;

/**
 * The inner requests of a multi_get reach this node through its own listener, from its own address and (on a
 * secured node) without the client's certificate. A ticket carries the outer request's admission over to them: the
 * outer request passed the address check and was authenticated, so an inner request showing its ticket is treated
 * as coming from the same client, with the same identity, and never as more. A ticket is unguessable, lives only
 * while its multi_get runs, and is never sent anywhere but to this node.
 */
@ApplicationScoped
public class MultiGetTickets {
    /** The request header an inner request carries its ticket in. */
    public static final String HEADER = "Muninn-Multi-Get-Ticket";

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Identity> live = new ConcurrentHashMap<>();

    /** A new ticket standing for {@code identity}, valid until {@link #revoke}. */
    public String issue(Identity identity) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        live.put(ticket, identity);
        return ticket;
    }

    public void revoke(String ticket) {
        live.remove(ticket);
    }

    /** The identity of the multi_get that issued {@code ticket}; empty for an unknown or revoked one. */
    public Optional<Identity> identity(String ticket) {
        return ticket == null ? Optional.empty() : Optional.ofNullable(live.get(ticket));
    }
}
