package dev.skyport.gateway.observability;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;

/**
 * The edge's one span per exchange, started and ended by {@code EdgeExchangeFilter}: the caller's W3C trace
 * ({@code traceparent}) is continued, or a trace is started; the span covers the whole exchange, is exported when
 * the sampler keeps it, and its context replaces the caller's on the upstream request, so each service's span is
 * its child. The route's timers are Spring Cloud Gateway's metrics filter's ({@code spring.cloud.gateway.requests}).
 *
 * <p>WebFlux's server observation and Spring Cloud Gateway's upstream observation did this before, for every
 * request whether sampled or not: two observations with their contexts, key values, timers and span handlers cost
 * a third of the gateway's CPU per request in the benchmark (docs/benchmarks.md). Both are switched off in
 * application.yml; an unsampled span here is OpenTelemetry's non-recording one, which costs next to nothing.
 */
@Component
public class EdgeTrace {

    /** Null when tracing is off (no tracer, or Boot's NOOP one): no spans and no trace ids. */
    private final @Nullable Propagator propagator;

    public EdgeTrace(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        Tracer available = tracer.getIfAvailable();
        this.propagator = available == null || available == Tracer.NOOP ? null : propagator.getIfAvailable();
    }

    /** The exchange's span, continuing the trace in the request's headers or starting one; null if tracing is off. */
    public @Nullable Span start(HttpHeaders request, String method) {
        if (propagator == null) {
            return null;
        }
        return propagator.extract(request, HttpHeaders::getFirst).kind(Span.Kind.SERVER).name(method).start();
    }

    /** The span's trace id (32 hex characters), or null. */
    public static @Nullable String traceId(@Nullable Span span) {
        return span == null ? null : span.context().traceId();
    }

    /** Puts the span's context on the upstream request, replacing whatever trace headers the client sent. */
    public void propagate(@Nullable Span span, HttpHeaders upstream) {
        if (span != null) {
            propagator.inject(span.context(), upstream, HttpHeaders::set);
        }
    }

    /** Names the span after its route (OpenTelemetry's "{method} {route}") and ends it with the answer's status. */
    public void end(@Nullable Span span, ServerWebExchange exchange, int status) {
        if (span == null) {
            return;
        }
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        String method = exchange.getRequest().getMethod().name();
        span.name(route == null ? method : method + " " + route.getId())
                .tag("http.request.method", method)
                .tag("url.path", exchange.getRequest().getPath().value())
                .tag("http.response.status_code", Integer.toString(status));
        if (route != null) {
            span.tag("skyport.route", route.getId());
        }
        span.end();
    }
}
