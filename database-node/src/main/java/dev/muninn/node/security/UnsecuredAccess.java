package dev.muninn.node.security;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Optional;

/**
 * Who may talk to a node that has no certificate, after RavenDB's {@code Security.UnsecuredAccessAllowed}: nobody
 * ({@code None}), this machine ({@code Local}, the default), also the private networks ({@code PrivateNetwork}:
 * 10/8, 172.16/12, 192.168/16, 100.64/10, link-local and IPv6 unique-local addresses) or anyone
 * ({@code PublicNetwork}). A wider range includes the narrower ones. Pure: the HTTP layer asks it about each
 * client, the node about each address it is to listen on.
 */
public final class UnsecuredAccess {
    public static final String SETTING = "Security.UnsecuredAccessAllowed";

    /** Address ranges, narrowest first. */
    public enum Range {
        LOCAL("Local"), PRIVATE_NETWORK("PrivateNetwork"), PUBLIC_NETWORK("PublicNetwork");

        private final String settingName;

        Range(String settingName) {
            this.settingName = settingName;
        }

        public String settingName() {
            return settingName;
        }
    }

    /** The widest range allowed; null for {@code None}. */
    private final Range widest;

    private UnsecuredAccess(Range widest) {
        this.widest = widest;
    }

    /**
     * Parses the setting: one of the names, or several separated by commas (RavenDB's flags), of which the widest
     * counts. Unknown names are refused with the accepted ones.
     */
    public static UnsecuredAccess parse(String value) {
        Range widest = null;
        String text = value == null || value.isBlank() ? "Local" : value;
        for (String part : text.split("[,|]")) {
            String name = part.trim();
            if (name.equalsIgnoreCase("None")) {
                continue;
            }
            Range range = null;
            for (Range candidate : Range.values()) {
                if (candidate.settingName().equalsIgnoreCase(name)) {
                    range = candidate;
                }
            }
            if (range == null) {
                throw new IllegalArgumentException(SETTING + " must be None, Local, PrivateNetwork or PublicNetwork, got '"
                        + name + "'");
            }
            widest = widest == null || range.compareTo(widest) > 0 ? range : widest;
        }
        return new UnsecuredAccess(widest);
    }

    /** The range an address belongs to, as a client's address. */
    public static Range rangeOf(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return Range.LOCAL;
        }
        if (address.isSiteLocalAddress() || address.isLinkLocalAddress() || isCarrierGradeNat(address)
                || isUniqueLocal(address)) {
            return Range.PRIVATE_NETWORK;
        }
        return Range.PUBLIC_NETWORK;
    }

    private static boolean isCarrierGradeNat(InetAddress address) {
        byte[] bytes = address.getAddress();
        return address instanceof Inet4Address && (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64;
    }

    private static boolean isUniqueLocal(InetAddress address) {
        return address instanceof Inet6Address && (address.getAddress()[0] & 0xfe) == 0xfc;
    }

    /** Whether a client at this address may use the node. */
    public boolean allows(InetAddress client) {
        return widest != null && rangeOf(client).compareTo(widest) <= 0;
    }

    /** The setting's value as it reads best in a message. */
    public String describe() {
        return widest == null ? "None" : widest.settingName();
    }

    /**
     * Why the node must not listen on {@code address} for {@code what} (a setting name) without a certificate, or
     * empty when it may. Listening on all interfaces is allowed from {@code PrivateNetwork} on: each request's
     * client address is still checked.
     */
    public Optional<String> refusalToListen(String what, String configured, InetAddress address) {
        Range needed = address.isAnyLocalAddress() ? Range.PRIVATE_NETWORK : rangeOf(address);
        if (widest != null && needed.compareTo(widest) <= 0) {
            return Optional.empty();
        }
        String where = address.isAnyLocalAddress() ? "all interfaces" : "a " + describe(needed) + " address";
        return Optional.of(what + " " + configured + " listens on " + where + " without a certificate, but "
                + SETTING + " is " + describe() + ". Set " + SETTING + " to " + needed.settingName()
                + " (or wider) to accept unsecured access from there, or listen on " + listenHint(widest) + ".");
    }

    private static String describe(Range range) {
        return switch (range) {
            case LOCAL -> "loopback";
            case PRIVATE_NETWORK -> "private-network";
            case PUBLIC_NETWORK -> "public";
        };
    }

    private static String listenHint(Range widest) {
        if (widest == null) {
            return "nothing: with None no unsecured access is allowed at all";
        }
        return widest == Range.LOCAL ? "a loopback address such as 127.0.0.1" : "a " + describe(widest) + " address";
    }

    /** Lower-case name for logs. */
    @Override
    public String toString() {
        return describe().toLowerCase(Locale.ROOT);
    }
}
