package dev.skyport.gateway.limits;

import java.util.function.Predicate;

import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;

/**
 * Spring Security's strict firewall with the same header rules, checked without a regular expression for the usual
 * case. The firewall checks a header each time anything reads it (the security chain, the gateway's header filters,
 * the access log), and its patterns, run over every character of a bearer token, cost the edge a few percent of each
 * request. A name or value of printable ASCII passes both patterns; anything else goes to Spring's own predicate, so
 * what is refused is exactly what Spring refuses.
 */
final class HeaderFirewall {

    private HeaderFirewall() {
    }

    static StrictServerWebExchangeFirewall strict() {
        StrictServerWebExchangeFirewall firewall = new StrictServerWebExchangeFirewall();
        firewall.setAllowedHeaderNames(printableAsciiOr(StrictServerWebExchangeFirewall.ALLOWED_HEADER_NAMES));
        firewall.setAllowedHeaderValues(printableAsciiOr(StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES));
        return firewall;
    }

    static Predicate<String> printableAsciiOr(Predicate<String> strict) {
        return text -> text == null || printableAscii(text) || strict.test(text);
    }

    private static boolean printableAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }
}
