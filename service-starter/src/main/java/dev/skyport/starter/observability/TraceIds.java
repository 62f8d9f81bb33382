package dev.skyport.starter.observability;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.slf4j.MDC;
import org.springframework.beans.factory.ObjectProvider;

/** Finds the current trace id (for problems and logs): the active span first, then the logging MDC. */
public final class TraceIds {

    private final ObjectProvider<Tracer> tracer;

    public TraceIds(ObjectProvider<Tracer> tracer) {
        this.tracer = tracer;
    }

    /** The current W3C trace id (32 hex chars), or null outside a trace. */
    public String current() {
        Tracer t = tracer.getIfAvailable();
        if (t != null) {
            Span span = t.currentSpan();
            if (span != null) {
                String id = span.context().traceId();
                if (id != null && !id.isBlank()) {
                    return id;
                }
            }
        }
        String fromMdc = MDC.get("traceId");
        return fromMdc == null || fromMdc.isBlank() ? null : fromMdc;
    }
}
