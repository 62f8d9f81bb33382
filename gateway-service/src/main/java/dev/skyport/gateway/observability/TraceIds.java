package dev.skyport.gateway.observability;

import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.server.ServerWebExchange;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler;

/** Reads the W3C trace id of the server span WebFlux's observation started for this exchange. */
public final class TraceIds {

    public static final String ATTRIBUTE = "skyport.traceId";

    private TraceIds() {
    }

    static String find(ServerWebExchange exchange) {
        return ServerRequestObservationContext.findCurrent(exchange.getAttributes())
                .map(context -> (TracingObservationHandler.TracingContext) context
                        .get(TracingObservationHandler.TracingContext.class))
                .map(TracingObservationHandler.TracingContext::getSpan)
                .map(Span::context)
                .map(context -> context.traceId())
                .orElse(null);
    }
}
