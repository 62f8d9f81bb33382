package dev.skyport.dynamo.api;

import static dev.skyport.dynamo.api.TableLifecycleIT.messageOf;
import static dev.skyport.dynamo.api.TableLifecycleIT.table;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.dynamo.DynamoEngine;
import dev.skyport.dynamo.junit.DynamoEngineExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** UpdateTimeToLive and DescribeTimeToLive through the real AWS SDK. */
@ExtendWith(DynamoEngineExtension.class)
class TimeToLiveIT {

    static DynamoEngine engine;
    static DynamoDbClient dynamo;

    @BeforeAll
    static void start(DynamoEngine started, DynamoDbClient client) {
        engine = started;
        dynamo = client;
    }

    static TimeToLiveDescription describe(String table) {
        return dynamo.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription();
    }

    static TimeToLiveSpecification spec(String attribute, boolean enabled) {
        return TimeToLiveSpecification.builder().attributeName(attribute).enabled(enabled).build();
    }

    @Test
    void startsDisabledThenEnablesAndDisables() {
        dynamo.createTable(table("expiring", b -> { }));
        assertThat(describe("expiring").timeToLiveStatus()).isEqualTo(TimeToLiveStatus.DISABLED);
        assertThat(describe("expiring").attributeName()).isNull();

        TimeToLiveSpecification echoed = dynamo.updateTimeToLive(b -> b.tableName("expiring")
                .timeToLiveSpecification(spec("expiresAt", true))).timeToLiveSpecification();
        assertThat(echoed).isEqualTo(spec("expiresAt", true));
        assertThat(describe("expiring").timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
        assertThat(describe("expiring").attributeName()).isEqualTo("expiresAt");
        assertThat(engine.database().table("expiring").definition().ttlAttribute()).isEqualTo("expiresAt");

        dynamo.updateTimeToLive(b -> b.tableName("expiring").timeToLiveSpecification(spec("expiresAt", false)));
        assertThat(describe("expiring").timeToLiveStatus()).isEqualTo(TimeToLiveStatus.DISABLED);
        assertThat(describe("expiring").attributeName()).isNull();
    }

    @Test
    void rejectsChangesThatChangeNothing() {
        dynamo.createTable(table("ttl-twice", b -> { }));
        assertThat(messageOf(() -> dynamo.updateTimeToLive(b -> b.tableName("ttl-twice")
                .timeToLiveSpecification(spec("ttl", false)))))
                .isEqualTo("TimeToLive is already disabled");

        dynamo.updateTimeToLive(b -> b.tableName("ttl-twice").timeToLiveSpecification(spec("ttl", true)));
        assertThat(messageOf(() -> dynamo.updateTimeToLive(b -> b.tableName("ttl-twice")
                .timeToLiveSpecification(spec("ttl", true)))))
                .isEqualTo("TimeToLive is already enabled");
        assertThat(messageOf(() -> dynamo.updateTimeToLive(b -> b.tableName("ttl-twice")
                .timeToLiveSpecification(spec("other", true)))))
                .isEqualTo("TimeToLive is active on a different AttributeName: current AttributeName is ttl");
    }

    @Test
    void refusesAnEmptyOrOverlongAttributeName() {
        dynamo.createTable(table("ttl-names", b -> { }));
        assertThat(messageOf(() -> dynamo.updateTimeToLive(b -> b.tableName("ttl-names")
                .timeToLiveSpecification(spec("", true)))))
                .isEqualTo("1 validation error detected: Value '' at 'timeToLiveSpecification.attributeName' "
                        + "failed to satisfy constraint: Member must have length greater than or equal to 1");
        String overlong = "x".repeat(256);
        assertThat(messageOf(() -> dynamo.updateTimeToLive(b -> b.tableName("ttl-names")
                .timeToLiveSpecification(spec(overlong, true)))))
                .isEqualTo("1 validation error detected: Value '" + overlong + "' at "
                        + "'timeToLiveSpecification.attributeName' failed to satisfy constraint: "
                        + "Member must have length less than or equal to 255");
        assertThat(describe("ttl-names").timeToLiveStatus()).isEqualTo(TimeToLiveStatus.DISABLED);
    }

    @Test
    void reportsMissingTablesByName() {
        assertThat(messageOf(ResourceNotFoundException.class, () -> dynamo.describeTimeToLive(b -> b.tableName("gone"))))
                .isEqualTo("Requested resource not found: Table: gone not found");
        assertThat(messageOf(ResourceNotFoundException.class, () -> dynamo.updateTimeToLive(b -> b.tableName("gone")
                .timeToLiveSpecification(spec("ttl", true)))))
                .isEqualTo("Requested resource not found: Table: gone not found");
    }
}
