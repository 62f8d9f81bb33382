package dev.skyport.e2e.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * What a user's browser does on the platform's pages: keeps cookies, follows redirects while they stay on the
 * gateway's origin and fills in forms. A redirect that leaves the origin (the CLI's loopback callback) ends a
 * walk and is returned, not followed; a redirect to another port of this machine (an internal service URL
 * leaking through the edge) is a failure.
 */
public final class Browser {

    private final URI origin;
    private final HttpClient http;

    public Browser(URI origin) {
        this(origin, null);
    }

    /** A browser whose sockets are bound to this local address (null: the system's choice). */
    public Browser(URI origin, InetAddress from) {
        this.origin = origin;
        HttpClient.Builder builder = HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(10))
                .version(HttpClient.Version.HTTP_1_1);
        if (from != null) {
            builder.localAddress(from);
        }
        this.http = builder.build();
    }

    /** One POST of a form body with this browser's cookies, redirects not followed (the raw answer). */
    public HttpResponse<String> postOnce(URI target, String formBody) {
        return send(HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "text/html,*/*")
                .POST(HttpRequest.BodyPublishers.ofString(formBody)).build());
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

    public Page open(URI uri) {
        return walk(HttpRequest.newBuilder(uri).GET());
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

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
    }

    private Page walk(HttpRequest.Builder first) {
        HttpRequest request = first.timeout(Duration.ofSeconds(60)).header("Accept", "text/html,*/*").build();
        for (int hops = 0; hops < 15; hops++) {
            HttpRequest sent = request;
            HttpResponse<String> response = send(sent);
            int status = response.statusCode();
            if (status < 300 || status >= 400) {
                return new Page(request.uri(), status, response.body(), null);
            }
            URI location = request.uri().resolve(response.headers().firstValue("Location")
                    .orElseThrow(() -> new AssertionError(status + " without Location from " + sent.uri())));
            if (!sameOrigin(location)) {
                if (Objects.equals(location.getHost(), origin.getHost())
                        || "127.0.0.1".equals(location.getHost()) && location.getPort() != 8765) {
                    throw new AssertionError("the edge redirected to an internal address " + location + " (from "
                            + request.uri() + "): redirects must stay on the public URL " + origin);
                }
                return new Page(request.uri(), status, response.body(), location);
            }
            request = HttpRequest.newBuilder(location).timeout(Duration.ofSeconds(60)).header("Accept", "text/html,*/*")
                    .GET().build();
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

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
