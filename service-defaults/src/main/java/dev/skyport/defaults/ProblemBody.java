package dev.skyport.defaults;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the JSON object of a problem, for code that writes problems itself (the gateway, servlet filters) rather
 * than through Spring MVC's {@code ProblemDetail}: the {@link ProblemTypes#MEMBERS} in order, then extensions.
 */
public final class ProblemBody {

    private ProblemBody() {
    }

    /** {@code type} is derived from {@code reason}; members that are unknown (null) are left out. */
    public static Map<String, Object> of(int status, String title, String detail, String instance, String reason,
            String requestId, String traceId, Map<String, ?> extensions) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", ProblemTypes.type(reason).toString());
        body.put("title", title);
        body.put("status", status);
        putIfKnown(body, "detail", detail);
        putIfKnown(body, "instance", instance);
        putIfKnown(body, "requestId", requestId);
        putIfKnown(body, "traceId", traceId);
        body.put("reason", reason);
        extensions.forEach((name, value) -> body.putIfAbsent(name, value));
        return body;
    }

    private static void putIfKnown(Map<String, Object> body, String name, Object value) {
        if (value != null) {
            body.put(name, value);
        }
    }
}
