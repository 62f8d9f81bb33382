package dev.skyport.gateway.observability;

import java.util.LinkedHashMap;
import java.util.Map;

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
import tools.jackson.databind.json.JsonMapper;

/**
 * One JSON line per request on the {@code skyport.access} logger (written by {@code EdgeExchangeFilter} when the
 * exchange ends): method, route, status, duration, principal, request id, trace id, bytes. Never headers, query
 * strings or bodies, so no token or ticket can leak.
 */
@Component
public class AccessLog {

    private static final Logger access = LoggerFactory.getLogger("skyport.access");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public void write(ServerWebExchange exchange, long startNanos, long bytesIn, long bytesOut, SignalType signal) {
        if (!access.isInfoEnabled()) {
            return;
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("event", "http.access");
        line.put("method", exchange.getRequest().getMethod().name());
        line.put("path", exchange.getRequest().getPath().value());
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        line.put("route", route != null ? route.getId() : null);
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        line.put("status", signal == SignalType.CANCEL ? 499 : status != null ? status.value() : 200);
        line.put("durationMs", (System.nanoTime() - startNanos) / 1_000_000.0);
        line.put("principal", exchange.getAttribute(EdgeSecurity.PRINCIPAL));
        line.put("requestId", exchange.getAttribute(EdgeExchangeFilter.REQUEST_ID));
        line.put("traceId", exchange.getAttribute(TraceIds.ATTRIBUTE));
        line.put("bytesIn", bytesIn);
        line.put("bytesOut", bytesOut);
        access.info(JSON.writeValueAsString(line));
    }
}
