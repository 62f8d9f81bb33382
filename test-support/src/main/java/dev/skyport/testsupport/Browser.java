package dev.skyport.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * What a user's browser does on the platform's pages, over real HTTP and without JavaScript (the JDK's HttpClient,
 * HTTP/1.1; headless chromium is for pages that need scripts): it keeps cookies, asks for HTML and fills in forms.
 * {@link #get} and {@link #post} make one request and return the raw answer, so a test sees every hop;
 * {@link #open} and {@link #submit} follow redirects while they stay on the origin. A redirect that leaves the origin
 * for another host (the CLI's loopback callback) ends such a walk and is returned, not followed; one to another port
 * of the origin's host or of 127.0.0.1 (an internal service URL leaking) is a failure.
 */
public final class Browser {

    /** The one port of 127.0.0.1 a walk may leave to: skyport-cli's redirect URI, http://127.0.0.1:8765/callback. */
    private static final int CLI_CALLBACK_PORT = 8765;
    private static final String ACCEPT = "text/html,*/*";

    private final URI origin;
    private final HttpClient http;
    private final Map<String, String> headers;

    public Browser(URI origin) {
        this(origin, null, Map.of());
    }

    /** A browser whose sockets are bound to this local address (null: the system's choice). */
    public Browser(URI origin, InetAddress from) {
        this(origin, from, Map.of());
    }

    /** ... and whose every request carries these headers (a client behind a proxy: {@code X-Forwarded-For}). */
    public Browser(URI origin, InetAddress from, Map<String, String> headers) {
        this.origin = origin;
        this.headers = Map.copyOf(headers);
        HttpClient.Builder builder = HttpClient.newBuilder()
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL)).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1);
        if (from != null) {
            builder.localAddress(from);
        }
        this.http = builder.build();
    }

    /** Where a walk ended: a page on the origin, or a redirect away from it. */
    public record Page(URI uri, int status, String body, URI leftTo) {

        public Document document() {
            return Jsoup.parse(body, uri.toString());
        }

        /** The first form that has a field with this name. */
        public Element formWith(String fieldName) {
            Element form = document().select("form:has([name=" + fieldName + "])").first();
            if (form == null) {
                throw new AssertionError("no form with a field '" + fieldName + "' on " + uri + " (" + status + "):\n"
                        + body);
            }
            return form;
        }

        public boolean hasFormWith(String fieldName) {
            return document().selectFirst("form:has([name=" + fieldName + "])") != null;
        }
    }

    /** One GET (a target relative to the origin is resolved against it), redirects not followed. */
    public HttpResponse<String> get(URI target) {
        return send(HttpRequest.newBuilder(origin.resolve(target)).GET());
    }

    /** One POST of a URL-encoded form body, redirects not followed (the raw answer). */
    public HttpResponse<String> post(URI target, String formBody) {
        return send(HttpRequest.newBuilder(origin.resolve(target))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formBody)));
    }

    /** Any request with this browser's cookies and headers, HTML asked for unless it names its own Accept. */
    public HttpResponse<String> send(HttpRequest.Builder request) {
        HttpRequest built = request.copy().build();
        if (built.headers().firstValue("Accept").isEmpty()) {
            request.header("Accept", ACCEPT);
        }
        if (built.timeout().isEmpty()) {
            request.timeout(Duration.ofSeconds(60));
        }
        headers.forEach(request::header);
        HttpRequest sent = request.build();
        try {
            return http.send(sent, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(sent.method() + " " + sent.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public Page open(URI target) {
        return walk(HttpRequest.newBuilder(origin.resolve(target)).GET());
    }

    /**
     * Submits a form as a user who agrees to everything on it: its own fields (hidden ones such as the CSRF token),
     * every checkbox ticked (a consent page's scopes), and the given values in place of the fields of those names.
     */
    public Page submit(Page page, Element form, Map<String, String> values) {
        List<String> pairs = new ArrayList<>();
        for (Element input : form.select("input[name]")) {
            String type = input.attr("type");
            String name = input.attr("name");
            if (type.equals("submit") || type.equals("radio") || values.containsKey(name)) {
                continue;
            }
            String value = type.equals("checkbox") && !input.hasAttr("value") ? "on" : input.attr("value");
            pairs.add(encode(name) + "=" + encode(value));
        }
        values.forEach((name, value) -> pairs.add(encode(name) + "=" + encode(value)));
        String body = String.join("&", pairs);
        String action = form.attr("action");
        URI target = action.isBlank() ? page.uri() : page.uri().resolve(action);
        String method = form.attr("method").isBlank() ? "GET" : form.attr("method").toUpperCase();
        if (method.equals("GET")) {
            return open(URI.create(target.toString().replaceFirst("\\?.*$", "") + "?" + body));
        }
        return walk(HttpRequest.newBuilder(target).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** The Location of a redirect (fails when there is none). */
    public static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location")
                .orElseThrow(() -> new AssertionError("no Location in a " + response.statusCode() + " answer from "
                        + response.uri()));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private Page walk(HttpRequest.Builder first) {
        HttpRequest.Builder request = first;
        URI uri = first.copy().build().uri();
        for (int hops = 0; hops < 15; hops++) {
            HttpResponse<String> response = send(request);
            int status = response.statusCode();
            if (status < 300 || status >= 400) {
                return new Page(uri, status, response.body(), null);
            }
            URI location = uri.resolve(location(response));
            if (!sameOrigin(location)) {
                if (Objects.equals(location.getHost(), origin.getHost())
                        || "127.0.0.1".equals(location.getHost()) && location.getPort() != CLI_CALLBACK_PORT) {
                    throw new AssertionError("the server redirected to an internal address " + location + " (from "
                            + uri + "): redirects must stay on the public URL " + origin);
                }
                return new Page(uri, status, response.body(), location);
            }
            uri = location;
            request = HttpRequest.newBuilder(location).GET();
        }
        throw new AssertionError("more than 15 redirects from " + first.build().uri());
    }

    private boolean sameOrigin(URI uri) {
        return Objects.equals(uri.getScheme(), origin.getScheme()) && Objects.equals(uri.getHost(), origin.getHost())
                && port(uri) == port(origin);
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
    }
}
