package dev.skyport.starter.problem;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.skyport.defaults.ProblemTypes;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/**
 * An error a service raises on purpose; {@link ProblemExceptionHandler} turns it into an RFC 9457 problem with
 * this status, {@code type} ({@link #TYPE_BASE} + the type suffix), title, detail and extra properties.
 */
public class ApiException extends RuntimeException {

    /** Problem types are {@code https://skyport.dev/problems/<suffix>}. */
    public static final String TYPE_BASE = ProblemTypes.TYPE_BASE;

    private final HttpStatusCode status;
    private final String type;
    private final String title;
    private final Map<String, Object> properties = new LinkedHashMap<>();
    private final HttpHeaders headers = new HttpHeaders();

    public ApiException(HttpStatusCode status, String type, String title, String detail) {
        this(status, type, title, detail, null);
    }

    public ApiException(HttpStatusCode status, String type, String title, String detail, Throwable cause) {
        super(detail, cause);
        this.status = status;
        this.type = type;
        this.title = title;
    }

    /** Adds an extension member to the problem (e.g. the current state of a resource). */
    public ApiException with(String name, Object value) {
        properties.put(name, value);
        return this;
    }

    /** Adds a response header (e.g. Retry-After, ETag). */
    public ApiException withHeader(String name, String value) {
        headers.set(name, value);
        return this;
    }

    public HttpStatusCode status() {
        return status;
    }

    /** The type suffix, e.g. {@code not-found}. */
    public String type() {
        return type;
    }

    public URI typeUri() {
        return ProblemTypes.type(type);
    }

    public String title() {
        return title != null ? title : HttpStatus.valueOf(status.value()).getReasonPhrase();
    }

    public String detail() {
        return getMessage();
    }

    public Map<String, Object> properties() {
        return Collections.unmodifiableMap(properties);
    }

    public HttpHeaders headers() {
        return headers;
    }
}
