package dev.skyport.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** The browser against a real loopback HTTP server whose pages redirect, set cookies and carry a form. */
class BrowserTest {

    private static final String FORM = """
            <form method="post" action="/login">
              <input type="hidden" name="_csrf" value="t0ken">
              <input type="text" name="username">
              <input type="checkbox" name="remember">
              <button type="submit">Sign in</button>
            </form>""";

    private HttpServer server;
    private URI origin;
    private final Map<String, String> posted = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        origin = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            switch (path) {
                case "/start" -> {
                    exchange.getResponseHeaders().add("Set-Cookie", "SESSION=s1; Path=/");
                    redirect(exchange, "/form");
                }
                case "/form" -> answer(exchange, 200, FORM + "cookie:" + exchange.getRequestHeaders().getFirst("Cookie"));
                case "/login" -> {
                    posted.put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                    redirect(exchange, "/done");
                }
                case "/done" -> answer(exchange, 200, "signed in");
                case "/away" -> redirect(exchange, "http://127.0.0.1:8765/callback?code=c");
                case "/leak" -> redirect(exchange, "http://127.0.0.1:" + FreePorts.one() + "/internal");
                default -> answer(exchange, 404, "no " + path);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void followsRedirectsOnTheOriginWithItsCookies() {
        Browser.Page page = new Browser(origin).open(URI.create("/start"));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.uri()).isEqualTo(origin.resolve("/form"));
        assertThat(page.leftTo()).isNull();
        assertThat(page.body()).contains("cookie:SESSION=s1");
    }

    @Test
    void aSingleGetReturnsTheRedirectItself() {
        HttpResponse<String> answer = new Browser(origin).get(URI.create("/start"));

        assertThat(answer.statusCode()).isEqualTo(302);
        assertThat(Browser.location(answer)).isEqualTo("/form");
    }

    @Test
    void submitsTheFormsOwnFieldsWithTheGivenValuesAndFollowsItsAnswer() {
        Browser browser = new Browser(origin);
        Browser.Page page = browser.open(URI.create("/form"));

        Browser.Page done = browser.submit(page, page.formWith("username"), Map.of("username", "ada@example.com"));

        assertThat(posted.get("body")).isEqualTo("_csrf=t0ken&remember=on&username=ada%40example.com");
        assertThat(done.uri()).isEqualTo(origin.resolve("/done"));
        assertThat(done.body()).isEqualTo("signed in");
    }

    @Test
    void endsAWalkAtTheCliCallbackWithoutFollowingIt() {
        Browser.Page page = new Browser(URI.create("http://localhost:" + origin.getPort())).open(URI.create("/away"));

        assertThat(page.status()).isEqualTo(302);
        assertThat(page.leftTo()).isEqualTo(URI.create("http://127.0.0.1:8765/callback?code=c"));
    }

    @Test
    void failsAWalkThatRedirectsToAnotherPortOfThisMachine() {
        Browser browser = new Browser(origin);

        assertThatThrownBy(() -> browser.open(URI.create("/leak"))).isInstanceOf(AssertionError.class)
                .hasMessageContaining("internal address");
    }

    private static void redirect(HttpExchange exchange, String location) throws IOException {
        exchange.getResponseHeaders().add("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
