package dev.skyport.gateway.observability;

import java.io.StringWriter;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import dev.skyport.defaults.TraceIds;
import dev.skyport.gateway.edge.EdgeExchangeFilter;
import dev.skyport.gateway.security.EdgeSecurity;
import reactor.core.publisher.SignalType;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonFactory;

/**
 * One JSON line per request on the {@code skyport.access} logger (written by {@code EdgeExchangeFilter} when the
 * exchange ends): time, method, path, route, status, duration, principal, request id, trace id, bytes. The logger
 * writes the object alone on its line (logback-spring.xml). Never headers, query strings or bodies, so no token or
 * ticket can leak.
 */
@Component
public class AccessLog {

    private static final Logger access = LoggerFactory.getLogger("skyport.access");
    // The line is written field by field (Jackson's streaming generator escapes the values), not built as a map
    // and serialized: it is written for every request.
    private static final JsonFactory JSON = new JsonFactory();

    /** The answer's status as the log and the span report it: 499 when the client went away first. */
    public static int status(ServerWebExchange exchange, SignalType signal) {
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        return signal == SignalType.CANCEL ? 499 : status != null ? status.value() : 200;
    }

    public void write(ServerWebExchange exchange, int status, long startNanos, long bytesIn, long bytesOut) {
        if (!access.isInfoEnabled()) {
            return;
        }
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        StringWriter line = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(line)) {
            json.writeStartObject();
            // The line is the JSON object alone (logback-spring.xml): the time is one of its fields.
            json.writeStringProperty("time", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
            json.writeStringProperty("event", "http.access");
            json.writeStringProperty("method", exchange.getRequest().getMethod().name());
            json.writeStringProperty("path", exchange.getRequest().getPath().value());
            json.writeStringProperty("route", route != null ? route.getId() : null);
            json.writeNumberProperty("status", status);
            json.writeNumberProperty("durationMs", (System.nanoTime() - startNanos) / 1_000_000.0);
            json.writeStringProperty("principal", exchange.getAttribute(EdgeSecurity.PRINCIPAL));
            json.writeStringProperty("requestId", exchange.getAttribute(EdgeExchangeFilter.REQUEST_ID));
            json.writeStringProperty("traceId", exchange.getAttribute(TraceIds.ATTRIBUTE));
            json.writeNumberProperty("bytesIn", bytesIn);
            json.writeNumberProperty("bytesOut", bytesOut);
            json.writeEndObject();
        }
        access.info(line.toString());
    }
}
