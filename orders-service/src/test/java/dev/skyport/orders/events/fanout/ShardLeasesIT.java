package dev.skyport.orders.events.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.dynamo.DynamoEngine;
import dev.skyport.orders.events.ShardPlan.Start;
import dev.skyport.starter.data.EntityTable;
import dev.skyport.starter.dynamo.TableProvisioner;
import dev.skyport.starter.pagination.CursorCodec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.validation.Validation;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.SequenceNumberRange;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;

/**
 * The lease table's rules on the real engine, with shard listings made up in the test (so several open
 * shards, lineages and history are at hand, which one engine table does not give): shares, hand-back,
 * takeover after expiry, parents before children, history skipped.
 */
class ShardLeasesIT {

    private static final String STREAM = "arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/2026-12-07T00:00:00.000";
    private static final Duration LEASE = Duration.ofSeconds(30);

    private static DynamoEngine engine;
    private static DynamoDbClient dynamo;
    private static DynamoDbEnhancedClient enhanced;
    private EntityTable<StreamLease> table;

    @BeforeAll
    static void startEngine() {
        engine = DynamoEngine.builder().host("127.0.0.1").port(0).start();
        dynamo = DynamoDbClient.builder().endpointOverride(engine.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x"))).build();
        enhanced = DynamoDbEnhancedClient.builder().dynamoDbClient(dynamo).build();
    }

    @AfterAll
    static void stopEngine() {
        dynamo.close();
        engine.close();
    }

    @BeforeEach
    void freshTable() {
        String name = "leases-" + UUID.randomUUID();
        TableSchema<StreamLease> schema = TableSchema.fromClass(StreamLease.class);
        new TableProvisioner(dynamo).ensureTable(name, schema, null);
        table = new EntityTable<>(StreamLease.TABLE, enhanced, dynamo, enhanced.table(name, schema),
                Validation.buildDefaultValidatorFactory().getValidator(), Clock.systemUTC(),
                new CursorCodec("test-cursor-secret-0123456789abcdef"));
    }

    private ShardLeases replica(String id) {
        return new ShardLeases(table, id, LEASE, Clock.systemUTC(), new SimpleMeterRegistry());
    }

    private static Shard open(String id, String parent) {
        return Shard.builder().shardId(id).parentShardId(parent)
                .sequenceNumberRange(SequenceNumberRange.builder().startingSequenceNumber("1").build()).build();
    }

    private static Shard closed(String id, String parent) {
        return Shard.builder().shardId(id).parentShardId(parent)
                .sequenceNumberRange(SequenceNumberRange.builder().startingSequenceNumber("1")
                        .endingSequenceNumber("99").build()).build();
    }

    @Test
    void sharesTheOpenShardsOutAndHandsThemOverWhenAReplicaStops() {
        List<Shard> shards = List.of(open("s1", null), open("s2", null), open("s3", null), open("s4", null));
        ShardLeases a = replica("a");
        ShardLeases b = replica("b");
        a.assign(STREAM, shards); // a alone: takes all four
        b.assign(STREAM, shards); // b joins: finds them held
        Map<String, Start> ofA = a.assign(STREAM, shards); // a sees b: gives two back
        Map<String, Start> ofB = b.assign(STREAM, shards); // b takes them

        assertThat(ofA).hasSize(2);
        assertThat(ofB).hasSize(2);
        assertThat(new ArrayList<>(ofA.keySet())).doesNotContainAnyElementsOf(ofB.keySet());
        // The open shards of a first start: from the moment they were first taken up (LATEST in effect).
        assertThat(ofA.values()).allSatisfy(start -> assertThat(start.notBefore()).isNotNull());

        String shard = ofA.keySet().iterator().next();
        assertThat(a.checkpoint(shard, "42")).isTrue();
        a.release();
        Map<String, Start> taken = b.assign(STREAM, shards);

        assertThat(taken).hasSize(4).containsEntry(shard, Start.after("42"));
        assertThat(a.holds(shard)).isFalse();
    }

    @Test
    void takesOverTheLeasesOfAReplicaThatDiedOnlyOnceTheyExpire() throws InterruptedException {
        List<Shard> shards = List.of(open("s1", null));
        ShardLeases dead = new ShardLeases(table, "dead", Duration.ofMillis(300), Clock.systemUTC(),
                new SimpleMeterRegistry());
        assertThat(dead.assign(STREAM, shards)).containsOnlyKeys("s1");
        dead.checkpoint("s1", "7");
        ShardLeases survivor = replica("survivor");

        assertThat(survivor.assign(STREAM, shards)).isEmpty();
        assertThat(survivor.covered()).isTrue();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Map<String, Start> taken = Map.of();
        while (taken.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            taken = survivor.assign(STREAM, shards);
        }
        assertThat(taken).containsExactly(Map.entry("s1", Start.after("7")));
        // The dead one's next write fails: it reads the shard no more.
        assertThat(dead.checkpoint("s1", "8")).isFalse();
    }

    @Test
    void readsAParentToItsEndBeforeItsChildrenAndSkipsHistory() {
        // h1 <- h2 closed before anyone came (history); p open; then p closes with children c1, c2.
        List<Shard> first = List.of(closed("h1", null), closed("h2", "h1"), open("p", "h2"));
        ShardLeases a = replica("a");

        Map<String, Start> start = a.assign(STREAM, first);

        assertThat(start).containsOnlyKeys("p");
        assertThat(start.get("p").notBefore()).isNotNull();

        List<Shard> split = List.of(closed("h1", null), closed("h2", "h1"), closed("p", "h2"), open("c1", "p"),
                open("c2", "p"));
        assertThat(a.assign(STREAM, split)).as("children wait for their parent").containsOnlyKeys("p");
        a.finished("p");

        Map<String, Start> children = a.assign(STREAM, split);

        assertThat(children).containsOnlyKeys("c1", "c2");
        assertThat(children.values()).allSatisfy(child -> {
            assertThat(child.type()).isEqualTo(ShardIteratorType.TRIM_HORIZON);
            assertThat(child.notBefore()).as("a child is read from its start").isNull();
        });
    }
}
