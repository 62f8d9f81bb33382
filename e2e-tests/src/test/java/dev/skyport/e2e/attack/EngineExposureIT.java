package dev.skyport.e2e.attack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * dynamo-engine has no authentication: it must be reachable from this machine's loopback only, and a web page the
 * developer happens to open must not be able to call it from the browser (cross-origin).
 */
@ExtendWith(SharedPlatform.class)
@Order(8)
class EngineExposureIT {

    private static int enginePort() {
        return Integer.parseInt(SharedPlatform.platform().env("DYNAMO_ENGINE_PORT"));
    }

    @Test
    void listensOnLoopbackOnly() {
        // Attack: reach the engine on another address of the machine (here 127.0.0.2, elsewhere the LAN address).
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), enginePort()), 5_000);
            }
        }).isInstanceOf(ConnectException.class);
    }

    @Test
    void givesAWebPageNoCrossOriginAccess() {
        // Attack: a page on any site the developer visits calls http://127.0.0.1:8000 from the browser. The engine
        // answered every Origin with Access-Control-Allow-Origin: *, so the page could Scan the signing-keys table
        // (and mint tokens for the local platform) or delete tables.
        int port = enginePort();
        InetAddress loopback = InetAddress.getLoopbackAddress();
        RawHttp.Answer preflight = RawHttp.exchange(loopback, port, "OPTIONS / HTTP/1.1", "Host: 127.0.0.1:" + port,
                "Origin: https://evil.example", "Access-Control-Request-Method: POST",
                "Access-Control-Request-Headers: authorization, content-type, x-amz-date, x-amz-target", "Connection: close");
        RawHttp.Answer health = RawHttp.exchange(loopback, port, "GET / HTTP/1.1", "Host: 127.0.0.1:" + port,
                "Origin: https://evil.example", "Connection: close");

        assertThat(preflight.header("Access-Control-Allow-Origin")).as(preflight.toString()).isNull();
        assertThat(health.header("Access-Control-Allow-Origin")).as(health.toString()).isNull();
    }
}
