package dev.skyport.users.auth.login;

import java.security.Principal;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.core.OAuth2UserCode;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriComponentsBuilder;

import dev.skyport.users.user.UserAccount;
import dev.skyport.users.user.UserDirectory;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The authorization server's few HTML pages: the login form, the device activation form (where a terminal user
 * types the code the CLI shows), the device approval page and the outcome. Plain HTML: no template engine for a
 * handful of forms.
 */
@Controller
public class SignInPages {

    static final String DEVICE_VERIFICATION = "/oauth2/device_verification";
    private static final OAuth2TokenType STATE = new OAuth2TokenType(OAuth2ParameterNames.STATE);
    private static final Map<String, String> SCOPE_DESCRIPTIONS = Map.of(
            "openid", "confirm who you are",
            "profile", "read your name and e-mail address",
            "orders:read", "read your orders",
            "orders:write", "place and cancel orders in your name",
            "offline_access", "stay signed in until you sign it out (refresh tokens)");

    private final OAuth2AuthorizationService authorizations;
    private final RegisteredClientRepository clients;
    private final UserDirectory directory;

    public SignInPages(OAuth2AuthorizationService authorizations, RegisteredClientRepository clients,
            UserDirectory directory) {
        this.authorizations = authorizations;
        this.clients = clients;
        this.directory = directory;
    }

    @GetMapping(path = "/login", produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    public String login(HttpServletRequest request, @RequestParam(required = false) String error,
            @RequestParam(required = false) String logout) {
        String message = error != null
                // One message for every failure: it must not tell an unknown e-mail from a wrong password or a lockout.
                ? "<p class=\"error\">Sign-in failed. Check your e-mail and password, or try again in a few minutes.</p>"
                : logout != null ? "<p>You have been signed out.</p>" : "";
        return page("Sign in to Skyport", message + """
                <form method="post" action="/login">
                  <label>E-mail <input type="email" name="username" autocomplete="username" required autofocus></label>
                  <label>Password <input type="password" name="password" autocomplete="current-password" required></label>
                  %s
                  <button type="submit">Sign in</button>
                </form>
                """.formatted(csrfField(request)));
    }

    /**
     * The code form; with a code, on to the verification (sign-in first if needed); with the {@code state} SAS
     * redirects here with once the user is signed in, the approval page. That page shows what the stored
     * authorization asks, not what the query says, so a crafted link can neither hide a scope nor name another client.
     */
    @GetMapping(path = "/activate", produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    public ResponseEntity<String> activate(HttpServletRequest request, Principal principal,
            @RequestParam(name = "user_code", required = false) String userCode,
            @RequestParam(required = false) String state, @RequestParam(required = false) String error,
            @RequestParam(required = false) String denied) {
        if (userCode != null && state == null && error == null && denied == null) {
            // The link with the code (verification_uri_complete) goes on to sign-in and the approval page at once.
            return ResponseEntity.status(HttpStatus.FOUND).location(UriComponentsBuilder.fromPath(DEVICE_VERIFICATION)
                    .queryParam("user_code", userCode).encode().build().toUri()).build();
        }
        if (state != null && userCode != null && principal != null) {
            String approval = approvalPage(request, principal, userCode, state);
            if (approval != null) {
                return ResponseEntity.ok(approval);
            }
            error = "";
        }
        String message = error != null ? "<p class=\"error\">That code is invalid or has expired.</p>"
                : denied != null ? "<p>You denied the request. The device was not signed in.</p>" : "";
        return ResponseEntity.ok(page("Activate a device", message + """
                <p>Enter the code shown on your device.</p>
                <form method="get" action="%s">
                  <label>Code <input type="text" name="user_code" autocomplete="off" required autofocus></label>
                  <button type="submit">Continue</button>
                </form>
                """.formatted(DEVICE_VERIFICATION)));
    }

    private String approvalPage(HttpServletRequest request, Principal principal, String userCode, String state) {
        OAuth2Authorization authorization = authorizations.findByToken(state, STATE);
        if (authorization == null || !principal.getName().equals(authorization.getPrincipalName())) {
            return null;
        }
        RegisteredClient client = clients.findById(authorization.getRegisteredClientId());
        Set<String> requested = authorization.getAttribute(OAuth2ParameterNames.SCOPE);
        OAuth2Authorization.Token<OAuth2UserCode> storedCode = authorization.getToken(OAuth2UserCode.class);
        if (client == null || requested == null || storedCode == null
                || !storedCode.getToken().getTokenValue().equals(userCode)) {
            return null;
        }
        String account = directory.findById(principal.getName()).map(UserAccount::email).orElse(principal.getName());
        StringBuilder scopes = new StringBuilder();
        StringBuilder scopeFields = new StringBuilder();
        for (String scope : new TreeSet<>(requested)) {
            scopes.append("<li><code>%s</code>: %s</li>".formatted(HtmlUtils.htmlEscape(scope),
                    HtmlUtils.htmlEscape(SCOPE_DESCRIPTIONS.getOrDefault(scope, "a permission named " + scope))));
            scopeFields.append(hidden(OAuth2ParameterNames.SCOPE, scope));
        }
        String common = hidden(OAuth2ParameterNames.CLIENT_ID, client.getClientId())
                + hidden(OAuth2ParameterNames.USER_CODE, userCode) + hidden(OAuth2ParameterNames.STATE, state)
                + csrfField(request);
        // Two forms: the deny form carries no scope, so even a client that ignores the buttons cannot approve with it.
        return page("Allow this device?", """
                <p>A device using <strong>%s</strong> asks to act as <strong>%s</strong> with these permissions:</p>
                <ul>%s</ul>
                <p>Device code <strong>%s</strong>. Allow it only if you started this sign-in yourself, on a device
                in front of you that shows this code. If someone sent you this link, deny.</p>
                <form class="decision" method="post" action="%s">%s%s
                  <button type="submit" name="decision" value="approve">Approve</button>
                </form>
                <form class="decision" method="post" action="%s">%s
                  <button type="submit" name="decision" value="deny">Deny</button>
                </form>
                """.formatted(HtmlUtils.htmlEscape(client.getClientName()), HtmlUtils.htmlEscape(account), scopes,
                HtmlUtils.htmlEscape(userCode), DEVICE_VERIFICATION, common, scopeFields, DEVICE_VERIFICATION, common));
    }

    @GetMapping(path = "/activated", produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    public String activated() {
        return page("Device activated", "<p>Your device is now signed in. You can close this window.</p>");
    }

    private static String hidden(String name, String value) {
        return "<input type=\"hidden\" name=\"%s\" value=\"%s\">".formatted(HtmlUtils.htmlEscape(name),
                HtmlUtils.htmlEscape(value));
    }

    private static String csrfField(HttpServletRequest request) {
        CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        return token == null ? "" : hidden(token.getParameterName(), token.getToken());
    }

    private static String page(String title, String body) {
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>%s</title>
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <style>body{font-family:sans-serif;max-width:24rem;margin:3rem auto}label{display:block;margin:.5rem 0}
                input{width:100%%}.error{color:#b00}.decision{display:inline-block;margin-right:1rem}</style></head>
                <body><h1>%s</h1>
                %s</body></html>
                """.formatted(title, title, body);
    }
}
