package dev.skyport.dynamo.server;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which callers the engine answers, since it has no authentication of its own: requests must name a
 * host it knows in {@code Host} (a web page that rebinds its own DNS name to 127.0.0.1 still sends that
 * name), and browsers may call it cross-origin only from the origins given.
 *
 * @param allowedHosts host names (without port) answered besides loopback and the bound address; {@code *}
 *                     answers any
 * @param corsOrigins  origins (e.g. {@code http://localhost:3000}) allowed to call from a browser; {@code *}
 *                     allows any; empty: none
 */
public record AccessPolicy(Set<String> allowedHosts, Set<String> corsOrigins) {

    private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "::1");

    public AccessPolicy {
        allowedHosts = lowerCase(allowedHosts);
        corsOrigins = Set.copyOf(corsOrigins);
    }

    /** Loopback names only, no cross-origin calls: the default. */
    public static AccessPolicy localOnly() {
        return new AccessPolicy(Set.of(), Set.of());
    }

    /** A comma-separated list (as on the command line) as a set; blank entries are left out. */
    public static Set<String> list(String commaSeparated) {
        Set<String> values = new TreeSet<>();
        if (commaSeparated != null) {
            for (String value : commaSeparated.split(",")) {
                if (!value.isBlank()) {
                    values.add(value.strip());
                }
            }
        }
        return values;
    }

    /** The same policy, also answering the address the engine is bound to. */
    AccessPolicy boundTo(String bindHost) {
        String host = bindHost.toLowerCase(Locale.ROOT);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        // Bound to every interface, 0.0.0.0 is the address too (a launcher may print it as the URL).
        if (allowedHosts.contains(host)) {
            return this;
        }
        Set<String> hosts = new TreeSet<>(allowedHosts);
        hosts.add(host);
        return new AccessPolicy(hosts, corsOrigins);
    }

    /** Whether a request with this {@code Host} header is answered; one without (not a browser) is. */
    boolean answers(String hostHeader) {
        if (hostHeader == null || allowedHosts.contains("*")) {
            return true;
        }
        String host = hostName(hostHeader.strip().toLowerCase(Locale.ROOT));
        return LOOPBACK.contains(host) || allowedHosts.contains(host);
    }

    /** The {@code Access-Control-Allow-Origin} value for a request from {@code origin}, or null for none. */
    String allowOrigin(String origin) {
        if (origin == null || corsOrigins.isEmpty()) {
            return null;
        }
        if (corsOrigins.contains("*")) {
            return "*";
        }
        return corsOrigins.contains(origin) ? origin : null;
    }

    private static String hostName(String authority) {
        if (authority.startsWith("[")) {
            int end = authority.indexOf(']');
            return end < 0 ? authority : authority.substring(1, end);
        }
        int colon = authority.indexOf(':');
        // More than one colon is a bare IPv6 address, which has no port.
        return colon < 0 || authority.indexOf(':', colon + 1) >= 0 ? authority : authority.substring(0, colon);
    }

    private static Set<String> lowerCase(Set<String> names) {
        Set<String> lower = new TreeSet<>();
        for (String name : names) {
            lower.add(name.toLowerCase(Locale.ROOT));
        }
        return Set.copyOf(lower);
    }
}
