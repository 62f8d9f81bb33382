package dev.skyport.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.springframework.security.web.server.firewall.StrictServerWebExchangeFirewall;

class HeaderFirewallTest {

    private static final Predicate<String> NAMES =
            HeaderFirewall.printableAsciiOr(StrictServerWebExchangeFirewall.ALLOWED_HEADER_NAMES);
    private static final Predicate<String> VALUES =
            HeaderFirewall.printableAsciiOr(StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES);

    @Test
    void refusesExactlyWhatSpringSecuritysStrictFirewallRefuses() {
        List<String> samples = new ArrayList<>(List.of("", "Authorization", "Bearer eyJhbGciOiJSUzI1NiJ9.e30.c2ln",
                "tab\there", "nul\u0000", "bell\u0007", "del\u007f", "c1\u0085", "line\nfeed", "carriage\rreturn",
                "caf\u00e9", "\u4e2d\u6587", "\ud83d\ude00", "lone\ud800", "unassigned\u0378", "private\ue000",
                "nbsp\u00a0", "zero-width\u200b", "bom\ufeff", "noncharacter\uffff"));
        Random random = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int length = random.nextInt(12); length > 0; length--) {
                // Mostly ASCII (the fast path's edges included), sometimes any UTF-16 unit.
                text.append((char) (random.nextInt(4) == 0 ? random.nextInt(0x10000) : random.nextInt(0x100)));
            }
            samples.add(text.toString());
        }
        for (String sample : samples) {
            assertThat(NAMES.test(sample)).as("name %s", sample.codePoints().boxed().toList())
                    .isEqualTo(StrictServerWebExchangeFirewall.ALLOWED_HEADER_NAMES.test(sample));
            assertThat(VALUES.test(sample)).as("value %s", sample.codePoints().boxed().toList())
                    .isEqualTo(StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES.test(sample));
        }
        assertThat(VALUES.test("tab\there")).isTrue();
        assertThat(NAMES.test("tab\there")).isFalse();
        assertThat(VALUES.test("del\u007f")).isFalse();
        assertThat(VALUES.test(null)).isEqualTo(StrictServerWebExchangeFirewall.ALLOWED_HEADER_VALUES.test(null));
    }
}
