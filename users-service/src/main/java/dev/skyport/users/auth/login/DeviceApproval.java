package dev.skyport.users.auth.login;

import java.io.IOException;
import java.util.List;

import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2AuthorizationConsentAuthenticationContext;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceAuthorizationConsentAuthenticationProvider;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceAuthorizationConsentAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2DeviceVerificationAuthenticationProvider;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * How a device gets approved: never by opening the verification link. Every device verification (whatever was
 * consented before) shows the approval page, and only a CSRF-protected post of its approve form, carrying the
 * scopes, approves; a post without scopes or with {@code decision=deny} denies, and the device's poll then gets
 * {@code access_denied}.
 */
public final class DeviceApproval {

    static final String DECISION = "decision";

    private DeviceApproval() {
    }

    public static void configure(List<AuthenticationProvider> providers) {
        for (AuthenticationProvider provider : providers) {
            if (provider instanceof OAuth2DeviceVerificationAuthenticationProvider verification) {
                // A remembered consent must not approve: the attack is a genuine link sent to a signed-in victim.
                verification.setAuthorizationConsentRequired(context -> true);
            }
            if (provider instanceof OAuth2DeviceAuthorizationConsentAuthenticationProvider consent) {
                consent.setAuthorizationConsentCustomizer(DeviceApproval::denyUnlessApproved);
            }
        }
    }

    /**
     * SAS adds the scopes consented before to whatever the form posted, so a post without scopes would still approve
     * for a returning user; an empty consent is SAS's denial, so a deny clears it.
     */
    private static void denyUnlessApproved(OAuth2AuthorizationConsentAuthenticationContext context) {
        OAuth2DeviceAuthorizationConsentAuthenticationToken post = context.getAuthentication();
        boolean approved = !post.getScopes().isEmpty()
                && !"deny".equals(post.getAdditionalParameters().get(DECISION));
        if (!approved) {
            context.getAuthorizationConsent().authorities(authorities -> authorities.clear());
        }
    }

    public static Authentication unrecognised(HttpServletRequest request) {
        throw new OAuth2AuthenticationException(OAuth2ErrorCodes.INVALID_REQUEST);
    }

    public static void onFailure(HttpServletRequest request, HttpServletResponse response, AuthenticationException failure)
            throws IOException {
        boolean denied = failure instanceof OAuth2AuthenticationException oauth
                && OAuth2ErrorCodes.ACCESS_DENIED.equals(oauth.getError().getErrorCode());
        response.sendRedirect(request.getContextPath() + (denied ? "/activate?denied" : "/activate?error"));
    }

    /** CSRF for the approval post alone, against the session's token (the one the sign-in chain put in the page). */
    public static CsrfFilter csrfFilter(AccessDeniedHandler accessDeniedHandler) {
        CsrfFilter filter = new CsrfFilter(new HttpSessionCsrfTokenRepository());
        filter.setRequireCsrfProtectionMatcher(
                PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, SignInPages.DEVICE_VERIFICATION));
        filter.setAccessDeniedHandler(accessDeniedHandler);
        // Its own name: OncePerRequestFilter would otherwise take it for the chain's CsrfFilter and skip it.
        filter.setBeanName("deviceApprovalCsrfFilter");
        return filter;
    }
}
