package dev.skyport.users.auth;

import org.springframework.http.MediaType;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.util.HtmlUtils;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The authorization server's few HTML pages: the login form, the device activation form (where a terminal user
 * types the code the CLI shows) and its confirmation. Plain HTML: no template engine for three forms.
 */
@Controller
public class SignInPages {

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

    @GetMapping(path = "/activate", produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    public String activate(@RequestParam(name = "user_code", required = false) String userCode,
            @RequestParam(required = false) String error) {
        String message = error != null ? "<p class=\"error\">That code is invalid or has expired.</p>" : "";
        return page("Activate a device", message + """
                <p>Enter the code shown on your device.</p>
                <form method="get" action="/oauth2/device_verification">
                  <label>Code <input type="text" name="user_code" value="%s" autocomplete="off" required autofocus></label>
                  <button type="submit">Continue</button>
                </form>
                """.formatted(userCode == null ? "" : HtmlUtils.htmlEscape(userCode)));
    }

    @GetMapping(path = "/activated", produces = MediaType.TEXT_HTML_VALUE)
    @ResponseBody
    public String activated() {
        return page("Device activated", "<p>Your device is now signed in. You can close this window.</p>");
    }

    private static String csrfField(HttpServletRequest request) {
        CsrfToken token = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
        return token == null ? "" : "<input type=\"hidden\" name=\"%s\" value=\"%s\">".formatted(
                HtmlUtils.htmlEscape(token.getParameterName()), HtmlUtils.htmlEscape(token.getToken()));
    }

    private static String page(String title, String body) {
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>%s</title>
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <style>body{font-family:sans-serif;max-width:24rem;margin:3rem auto}label{display:block;margin:.5rem 0}
                input{width:100%%}.error{color:#b00}</style></head>
                <body><h1>%s</h1>
                %s</body></html>
                """.formatted(title, title, body);
    }
}
