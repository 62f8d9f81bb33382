package dev.skyport.defaults;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.slf4j.MDC;

/** The W3C trace id (32 hex chars) problems and logs carry: of a span, of the current span, then of the logging MDC. */
public final class TraceIds {

    /** Where the gateway keeps an exchange's trace id once found, and the MDC key of the services' logs. */
    public static final String ATTRIBUTE = "skyport.traceId";
    public static final String MDC_KEY = "traceId";

    private TraceIds() {
    }

    /** The span's trace id, or null. */
    public static String of(Span span) {
        if (span == null) {
            return null;
        }
        String id = span.context().traceId();
        return id == null || id.isBlank() ? null : id;
    }

    /** The current span's trace id, else the logging MDC's, else null (outside a trace). */
    public static String current(Tracer tracer) {
        String id = tracer == null ? null : of(tracer.currentSpan());
        if (id != null) {
            return id;
        }
        String fromMdc = MDC.get(MDC_KEY);
        return fromMdc == null || fromMdc.isBlank() ? null : fromMdc;
    }
}
