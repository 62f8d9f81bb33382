package dev.skyport.starter.dynamo;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * Readiness of the service's own tables: DescribeTable on each (the only permission it needs, on the service's
 * table ARNs), cached for {@code cache-ttl}. A missing or unusable table is DOWN at once. DynamoDB failing to
 * answer is a blip while the last success is younger than {@code grace-period}: UP with {@code state: DEGRADED}
 * and the reason, so one outage does not take every pod out of service at the same moment.
 */
public final class DynamoDbHealthIndicator implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(DynamoDbHealthIndicator.class);

    private final DynamoDbClient dynamoDb;
    private final Supplier<? extends Collection<String>> tables;
    private final SkyportDynamoProperties.Health settings;
    private final Clock clock;
    private Health cached;
    private Instant checkedAt;
    private Instant lastSuccess;
    private String lastState = "";

    public DynamoDbHealthIndicator(DynamoDbClient dynamoDb, Supplier<? extends Collection<String>> tables,
            SkyportDynamoProperties.Health settings, Clock clock) {
        this.dynamoDb = dynamoDb;
        this.tables = tables;
        this.settings = settings;
        this.clock = clock;
    }

    /** Synchronized: probes arriving together share one round of DescribeTable calls. */
    @Override
    public synchronized Health health() {
        Instant now = clock.instant();
        if (cached == null || !now.isBefore(checkedAt.plus(settings.cacheTtl()))) {
            cached = check(now);
            checkedAt = now;
            logChange(cached);
        }
        return cached;
    }

    private Health check(Instant now) {
        List<String> names = tables.get().stream().sorted().distinct().toList();
        List<String> missing = new ArrayList<>();
        Map<String, String> unusable = new LinkedHashMap<>();
        try {
            for (String table : names) {
                describe(table, missing, unusable);
            }
        } catch (SdkException e) {
            return unanswered(now, names, e);
        }
        if (!missing.isEmpty() || !unusable.isEmpty()) {
            Health.Builder down = Health.down().withDetail("state", "DOWN").withDetail("tables", names);
            if (!missing.isEmpty()) {
                down.withDetail("missing", missing);
            }
            if (!unusable.isEmpty()) {
                down.withDetail("notActive", unusable);
            }
            return down.withDetail("reason", "tables this service declares are missing or not ACTIVE").build();
        }
        lastSuccess = now;
        return Health.up().withDetail("state", "OK").withDetail("tables", names).build();
    }

    private void describe(String table, List<String> missing, Map<String, String> unusable) {
        try {
            TableStatus status = dynamoDb.describeTable(r -> r.tableName(table)
                    .overrideConfiguration(c -> c.apiCallTimeout(settings.timeout()))).table().tableStatus();
            // UPDATING (an index being added, capacity changing) still serves reads and writes.
            if (status != TableStatus.ACTIVE && status != TableStatus.UPDATING) {
                unusable.put(table, String.valueOf(status));
            }
        } catch (ResourceNotFoundException e) {
            missing.add(table);
        }
    }

    private Health unanswered(Instant now, List<String> names, SdkException e) {
        String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
        Health.Builder health;
        if (lastSuccess != null && now.isBefore(lastSuccess.plus(settings.gracePeriod()))) {
            health = Health.up().withDetail("state", "DEGRADED")
                    .withDetail("downAfter", lastSuccess.plus(settings.gracePeriod()).toString());
        } else {
            health = Health.down().withDetail("state", "DOWN");
        }
        return health.withDetail("reason", reason).withDetail("tables", names)
                .withDetail("lastSuccess", lastSuccess == null ? "never" : lastSuccess.toString()).build();
    }

    private void logChange(Health health) {
        String state = String.valueOf(health.getDetails().get("state"));
        if (!state.equals(lastState)) {
            if ("OK".equals(state)) {
                log.info("dynamodb health state=OK");
            } else {
                log.warn("dynamodb health state={} reason={}", state, health.getDetails().get("reason"));
            }
            lastState = state;
        }
    }
}
