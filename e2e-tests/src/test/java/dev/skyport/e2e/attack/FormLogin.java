package dev.skyport.e2e.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jsoup.nodes.Element;

import dev.skyport.testsupport.ApiClient;
import dev.skyport.testsupport.Browser;

/**
 * The login form as an attacker (or a user) posts it: one browser per client address, the login page fetched once
 * for its CSRF token, then {@code POST /login} as often as wanted, each answer read without following it.
 */
final class FormLogin {

    private final Browser browser;
    private final URI action;
    private final Map<String, String> hidden = new LinkedHashMap<>();
    private final String userField;

    FormLogin(ApiClient client) {
        this.browser = new Browser(client.base(), client.from());
        Browser.Page page = browser.open(client.uri("/login"));
        assertThat(page.status()).as("the login page: %s", page.body()).isEqualTo(200);
        Element form = page.formWith("password");
        this.action = page.uri().resolve(form.attr("action").isBlank() ? page.uri().getPath() : form.attr("action"));
        form.select("input[type=hidden][name]").forEach(input -> hidden.put(input.attr("name"), input.attr("value")));
        Element user = form.selectFirst("input[name=username], input[type=email], input[name=email]");
        assertThat(user).as("a user name field in the login form").isNotNull();
        this.userField = user.attr("name");
    }

    /**
     * One attempt: true when it signed in (a redirect that is not to the login page's error). Any other answer is a
     * refusal (a redirect to the error, or a throttling status), but never a server error.
     */
    boolean attempt(String email, String password) {
        HttpResponse<String> answer = post(email, password);
        assertThat(answer.statusCode()).as("POST /login: %s", answer.body()).isLessThan(500);
        return answer.statusCode() == 302
                && !answer.headers().firstValue("Location").orElse("/login?error").contains("/login?error");
    }

    HttpResponse<String> post(String email, String password) {
        Map<String, String> fields = new LinkedHashMap<>(hidden);
        fields.put(userField, email);
        fields.put("password", password);
        return browser.post(action, ApiClient.form(fields));
    }
}
