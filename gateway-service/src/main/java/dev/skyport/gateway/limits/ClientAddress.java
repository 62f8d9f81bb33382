package dev.skyport.gateway.limits;

import java.net.InetSocketAddress;
import java.util.List;

import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import dev.skyport.gateway.GatewayProperties;

/**
 * Who the client is and how it reached the edge: its IP (for anonymous throttling and for the services, through
 * X-Forwarded-For), the scheme and the host it asked for. X-Forwarded-* is believed only from configured trusted
 * proxies (X-Forwarded-For hop by hop, right to left), so a client cannot pick its own bucket or its own address.
 */
@Component
public class ClientAddress {

    public static final String ATTRIBUTE = "skyport.clientIp";
    public static final String FORWARDED_ATTRIBUTE = "skyport.forwarded";

    /** What the gateway tells the services about the client, in X-Forwarded-For, -Proto and -Host. */
    public record Forwarded(String address, String proto, String host, int port) {
    }

    private final List<Cidr> trusted;

    public ClientAddress(GatewayProperties properties) {
        this.trusted = properties.trustedProxies().stream().filter(s -> !s.isBlank()).map(String::trim)
                .map(Cidr::parse).toList();
    }

    public String resolve(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        String peer = remote != null && remote.getAddress() != null ? remote.getAddress().getHostAddress() : "unknown";
        if (trusted.isEmpty() || !isTrusted(peer)) {
            return peer;
        }
        List<String> forwarded = exchange.getRequest().getHeaders().getValuesAsList("X-Forwarded-For");
        for (int i = forwarded.size() - 1; i >= 0; i--) {
            String hop = forwarded.get(i).trim();
            if (hop.isEmpty()) {
                continue;
            }
            if (!isTrusted(hop)) {
                return hop;
            }
        }
        return peer;
    }

    /** The client as the services should see it; call on the raw request, before X-Forwarded-* is stripped. */
    public Forwarded forwarded(ServerWebExchange exchange) {
        String address = resolve(exchange);
        var request = exchange.getRequest();
        String proto = request.getURI().getScheme();
        String host = request.getHeaders().getFirst("Host");
        InetSocketAddress remote = request.getRemoteAddress();
        if (remote != null && remote.getAddress() != null && isTrusted(remote.getAddress().getHostAddress())) {
            // A trusted proxy (TLS terminator, load balancer) knows how the client reached it; it sends one value.
            String forwardedProto = first(request.getHeaders().getFirst("X-Forwarded-Proto"));
            if ("http".equalsIgnoreCase(forwardedProto) || "https".equalsIgnoreCase(forwardedProto)) {
                proto = forwardedProto.toLowerCase(java.util.Locale.ROOT);
            }
            String forwardedHost = first(request.getHeaders().getFirst("X-Forwarded-Host"));
            if (forwardedHost != null && forwardedHost.matches("[A-Za-z0-9.\\-:\\[\\]]{1,255}")) {
                host = forwardedHost;
            }
        }
        String scheme = proto == null ? "http" : proto;
        return new Forwarded(address, scheme, host, port(host, scheme));
    }

    /**
     * The port the client asked for: the Host's, else the scheme's default. It is sent as X-Forwarded-Port because
     * a service that takes X-Forwarded-Proto/-Host (Tomcat's remote-IP handling) otherwise assumes the scheme's
     * default port, and its redirects (to the sign-in page) would lose a port such as 8080.
     */
    static int port(String host, String scheme) {
        int fallback = "https".equals(scheme) ? 443 : 80;
        if (host == null) {
            return fallback;
        }
        int colon = host.lastIndexOf(':');
        if (colon < 0 || host.lastIndexOf(']') > colon) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(host.substring(colon + 1));
            return port > 0 && port < 65536 ? port : fallback;
        }
        catch (NumberFormatException notAPort) {
            return fallback;
        }
    }

    private static String first(String header) {
        if (header == null) {
            return null;
        }
        int comma = header.indexOf(',');
        String value = (comma < 0 ? header : header.substring(0, comma)).trim();
        return value.isEmpty() ? null : value;
    }

    private boolean isTrusted(String address) {
        byte[] bytes = Cidr.literal(address);
        if (bytes == null) {
            return false;
        }
        for (Cidr cidr : trusted) {
            if (cidr.contains(bytes)) {
                return true;
            }
        }
        return false;
    }

    /** An address block; only IP literals are accepted, so nothing here ever triggers a DNS lookup. */
    record Cidr(byte[] network, int prefix) {

        static Cidr parse(String text) {
            int slash = text.indexOf('/');
            byte[] address = literal(slash < 0 ? text : text.substring(0, slash));
            if (address == null) {
                throw new IllegalArgumentException("Not an IP address or CIDR block: " + text);
            }
            int prefix = slash < 0 ? address.length * 8 : Integer.parseInt(text.substring(slash + 1));
            return new Cidr(address, prefix);
        }

        static byte[] literal(String text) {
            if (text.isEmpty() || !text.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == '.' || c == ':')) {
                return null;
            }
            try {
                return java.net.InetAddress.getByName(text).getAddress();
            }
            catch (java.net.UnknownHostException e) {
                return null;
            }
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xFF << (8 - rest)) & 0xFF;
            return (address[full] & mask) == (network[full] & mask);
        }
    }
}
