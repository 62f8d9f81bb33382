package dev.skyport.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.skyport.gateway.support.GatewayTestBase;

/**
 * Spring Security's strict firewall at the edge, with its cheaper header checks (HeaderFirewall): header bytes HTTP/1.1
 * lets through (obs-text, 0x80-0xFF) but that decode to a control character make a header the edge reads refused
 * (400) before anything acts on it.
 */
class HeaderFirewallIT extends GatewayTestBase {

    @Test
    void refusesATokenWithAC1ControlCharacterBeforeVerifyingIt() throws IOException {
        int before = backend.hits("GET /api/orders/firewall");

        String answer = rawGet("/api/orders/firewall", "Authorization: " + bearer(userToken("firewall-user")) + "\u0085");

        assertThat(answer).startsWith("HTTP/1.1 400 ").contains("Content-Type: application/problem+json")
                .contains("\"reason\":\"request_rejected\"");
        assertThat(backend.hits("GET /api/orders/firewall")).isEqualTo(before);
    }

    @Test
    void passesPrintableHeadersAndTabs() throws IOException {
        String answer = rawGet("/api/orders/firewall", "Authorization: " + bearer(userToken("firewall-user")),
                "X-Note: a\tnote with spaces; and=signs");

        assertThat(answer).startsWith("HTTP/1.1 200 ");
    }

    /** A request written byte for byte (ISO-8859-1), from a second loopback address; the whole answer. */
    private String rawGet(String path, String... headers) throws IOException {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress("127.0.0.2", 0));
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            socket.setSoTimeout(10_000);
            StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
            for (String header : headers) {
                request.append(header).append("\r\n");
            }
            socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            InputStream in = socket.getInputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
