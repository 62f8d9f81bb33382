package dev.skyport.gateway;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import dev.skyport.gateway.ratelimit.RatePolicy;

/** Everything the edge is configured with under {@code skyport.gateway}; defaults live in application.yml. */
@ConfigurationProperties("skyport.gateway")
public record GatewayProperties(
        URI issuerUri,
        URI jwkSetUri,
        @DefaultValue("skyport-api") String audience,
        @DefaultValue("10s") Duration jwksRefetchMinInterval,
        @DefaultValue("5m") Duration jwksMaxAge,
        @DefaultValue("10000") long verifiedTokenCacheSize,
        @DefaultValue("") String redisUrl,
        @DefaultValue("") List<String> trustedProxies,
        @DefaultValue("") List<String> corsAllowedOrigins,
        @DefaultValue("10MB") DataSize maxBodySize,
        @DefaultValue("") List<String> strippedRequestHeaders,
        @DefaultValue("50ms") Duration routeTimeoutMin,
        @DefaultValue("29s") Duration routeTimeoutMax,
        @DefaultValue RateLimit rateLimit,
        @DefaultValue WebSocket websocket,
        @DefaultValue ApiKeys apiKeys,
        @DefaultValue DecisionRecords decisionRecords) {

    public boolean redisEnabled() {
        return redisUrl != null && !redisUrl.isBlank();
    }

    public record RateLimit(
            @DefaultValue("LOCAL") StoreFailureMode storeFailureMode,
            @DefaultValue("5s") Duration storeBreakerOpenFor,
            @DefaultValue("200ms") Duration storeCallTimeout,
            @DefaultValue("5s") Duration leasePeriod,
            RatePolicy defaultPolicy,
            @DefaultValue Map<String, Plan> plans,
            @DefaultValue Map<String, EndpointLimit> gatewayEndpoints) {
    }

    /**
     * What the edge does when the shared rate-limit store cannot answer: LOCAL throttles with this replica's own
     * buckets until the store is back; DENY refuses every request. There is no mode without limits.
     */
    public enum StoreFailureMode { LOCAL, DENY }

    /** A limit on endpoints the gateway serves itself (no route metadata to carry it): Ant-style paths. */
    public record EndpointLimit(List<String> paths, double rate, long burst,
            @DefaultValue("principal") RatePolicy.KeyKind key) {
        public RatePolicy policy() {
            return new RatePolicy(rate, burst, key);
        }
    }

    /** A usage plan, as Amazon API Gateway's: steady rate, burst, and a daily quota of requests. */
    public record Plan(double rate, long burst, long dailyQuota) {
        public RatePolicy policy() {
            return new RatePolicy(rate, burst, RatePolicy.KeyKind.principal);
        }
    }

    public record WebSocket(
            @DefaultValue("30s") Duration ticketTtl,
            @DefaultValue("") List<String> allowedOrigins,
            @DefaultValue("10m") Duration idleTimeout,
            @DefaultValue("1h") Duration maxConnectionAge,
            @DefaultValue("131072") int maxFrameSize,
            @DefaultValue("10") int maxPerUser,
            @DefaultValue("1000") int upstreamMaxConnections) {
    }

    /**
     * Decision records of refused and failed requests ({@code GET /admin/requests/{requestId}}): how long one is kept,
     * how many are kept at most (per replica in memory, in all in Redis), and the size bound of one record.
     */
    public record DecisionRecords(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("1h") Duration ttl,
            @DefaultValue("10000") long maxRecords,
            @DefaultValue("4KB") DataSize maxRecordSize) {
    }

    public record ApiKeys(
            @DefaultValue("local-") String tablePrefix,
            @DefaultValue("true") boolean createTables,
            @DefaultValue("") String dynamodbEndpoint,
            @DefaultValue("us-east-1") String region,
            @DefaultValue("10s") Duration cacheTtl,
            @DefaultValue("10m") Duration unknownKeyCacheTtl) {

        public String tableName() {
            return tablePrefix + "gateway-api-keys";
        }
    }
}
