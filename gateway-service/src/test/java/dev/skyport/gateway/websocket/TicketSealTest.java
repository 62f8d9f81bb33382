package dev.skyport.gateway.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class TicketSealTest {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEifQ.c2lnbmF0dXJl";

    private static byte[] newTicket() {
        byte[] ticket = new byte[TicketSeal.TICKET_BYTES];
        RANDOM.nextBytes(ticket);
        return ticket;
    }

    private static TicketSeal.Contents contents(Instant expiresAt) {
        return new TicketSeal.Contents("user-1", List.of("orders:read", "profile"), expiresAt, TOKEN);
    }

    @Test
    void theTicketOpensWhatWasSealedUnderIt() {
        byte[] ticket = newTicket();
        Instant expiresAt = Instant.now().plusSeconds(30);
        String sealed = TicketSeal.seal(ticket, contents(expiresAt), RANDOM);

        TicketSeal.Contents opened = TicketSeal.open(ticket, sealed, Instant.now()).orElseThrow();
        assertThat(opened.accessToken()).isEqualTo(TOKEN);
        assertThat(opened.userId()).isEqualTo("user-1");
        assertThat(opened.scopes()).containsExactly("orders:read", "profile");
        assertThat(TicketSeal.parse(TicketSeal.text(ticket))).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(ticket));
    }

    @Test
    void theSealedValueHoldsNoPartOfTheTokenNorTheTicket() {
        byte[] ticket = newTicket();
        String sealed = TicketSeal.seal(ticket, contents(Instant.now().plusSeconds(30)), RANDOM);
        for (String part : TOKEN.split("\\.")) {
            assertThat(sealed).doesNotContain(part);
        }
        assertThat(sealed).doesNotContain(TicketSeal.text(ticket));
        assertThat(TicketSeal.id(ticket)).doesNotContain(TicketSeal.text(ticket)).hasSize(64);
    }

    @Test
    void anotherTicketOpensNothing() {
        String sealed = TicketSeal.seal(newTicket(), contents(Instant.now().plusSeconds(30)), RANDOM);
        assertThat(TicketSeal.open(newTicket(), sealed, Instant.now())).isEmpty();
    }

    @Test
    void anAlteredUserIdOrExpiryOpensNothing() {
        byte[] ticket = newTicket();
        String sealed = TicketSeal.seal(ticket, contents(Instant.now().plusSeconds(30)), RANDOM);
        String[] parts = sealed.split("\\.");
        String otherUser = String.join(".", parts[0], java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("admin".getBytes()), parts[2], parts[3], parts[4]);
        String longerLife = String.join(".", parts[0], parts[1], parts[2], Long.toString(Long.parseLong(parts[3]) + 3600),
                parts[4]);
        assertThat(TicketSeal.open(ticket, otherUser, Instant.now())).isEmpty();
        assertThat(TicketSeal.open(ticket, longerLife, Instant.now())).isEmpty();
    }

    @Test
    void anExpiredSealOpensNothing() {
        byte[] ticket = newTicket();
        String sealed = TicketSeal.seal(ticket, contents(Instant.now().minusSeconds(1)), RANDOM);
        assertThat(TicketSeal.open(ticket, sealed, Instant.now())).isEmpty();
    }

    @Test
    void textThatIsNotATicketIsNotParsed() {
        assertThat(TicketSeal.parse("made-up")).isEmpty();
        assertThat(TicketSeal.parse("!".repeat(43))).isEmpty();
        assertThat(TicketSeal.parse(null)).isEmpty();
    }
}
