package dev.skyport.defaults;

import java.net.URI;
import java.util.List;

/**
 * The one problem+json shape of Skyport (RFC 9457), from the edge and from every service: the members every problem
 * carries, and the {@code type} URIs, whose last segment is the {@code reason} code with '-' for '_'
 * ({@code .../problems/idempotency-key-reused} is reason {@code idempotency_key_reused}).
 */
public final class ProblemTypes {

    public static final String TYPE_BASE = "https://skyport.dev/problems/";

    /** The members of every Skyport problem, in the order they are written; extensions such as {@code errors} follow. */
    public static final List<String> MEMBERS = List.of("type", "title", "status", "detail", "instance", "requestId",
            "traceId", "reason");

    private ProblemTypes() {
    }

    /** The type URI of a reason code or a slug ({@code token_expired} and {@code token-expired} give the same). */
    public static URI type(String reasonOrSlug) {
        return URI.create(TYPE_BASE + reasonOrSlug.replace('_', '-'));
    }

    /** The reason code a problem type stands for; null for types that are not Skyport's own. */
    public static String reason(URI type) {
        String text = type == null ? null : type.toString();
        if (text == null || !text.startsWith(TYPE_BASE) || text.length() == TYPE_BASE.length()) {
            return null;
        }
        return text.substring(TYPE_BASE.length()).replace('-', '_');
    }
}
