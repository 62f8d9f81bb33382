package dev.skyport.gateway.limits;

import java.net.InetSocketAddress;
import java.util.List;

import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import dev.skyport.gateway.GatewayProperties;

/**
 * The client's IP for anonymous throttling. X-Forwarded-For is believed only hop by hop from configured
 * trusted proxies (right to left), so a client cannot pick its own bucket by sending the header.
 */
@Component
public class ClientAddress {

    public static final String ATTRIBUTE = "skyport.clientIp";

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
