package dev.skyport.starter.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;

import dev.skyport.starter.data.Condition;
import dev.skyport.starter.data.ConditionFailedException;
import dev.skyport.starter.data.EntityTable;
import dev.skyport.starter.data.ItemAlreadyExistsException;
import dev.skyport.starter.data.ItemNotFoundException;
import dev.skyport.starter.data.OptimisticLockException;
import dev.skyport.starter.data.QuerySpec;
import dev.skyport.starter.data.ScanSpec;
import dev.skyport.starter.data.TransactionFailedException;
import dev.skyport.starter.data.Transactions;
import dev.skyport.starter.data.Ttl;
import dev.skyport.starter.dynamo.SkyportTables;
import dev.skyport.starter.pagination.InvalidCursorException;
import dev.skyport.starter.pagination.Page;
import dev.skyport.starter.testapp.EmailGuard;
import dev.skyport.starter.testapp.Order;
import jakarta.validation.ConstraintViolationException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** The data-access layer against the engine, through the beans a service gets. */
class DataIT extends StarterIntegrationTest {

    @Autowired
    SkyportTables tables;

    @Autowired
    Transactions transactions;

    @Autowired
    DynamoDbClient dynamoDb;

    private final String customer = "c-" + UUID.randomUUID();

    private EntityTable<Order> orders() {
        return tables.table(Order.class);
    }

    @Test
    void tablesAreCreatedAtStartUpWithIndexesTtlAndStream() {
        TableDescription orders = dynamoDb.describeTable(r -> r.tableName("it-orders")).table();
        assertThat(orders.globalSecondaryIndexes()).extracting(GlobalSecondaryIndexDescription::indexName)
                .containsExactly("by-status");
        assertThat(orders.globalSecondaryIndexes().get(0).projection().projectionType()).isEqualTo(ProjectionType.ALL);
        assertThat(orders.streamSpecification().streamEnabled()).isTrue();
        assertThat(orders.streamSpecification().streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
        assertThat(orders.latestStreamArn()).isNotBlank();
        var ttl = dynamoDb.describeTimeToLive(r -> r.tableName("it-orders")).timeToLiveDescription();
        assertThat(ttl.timeToLiveStatus()).isIn(TimeToLiveStatus.ENABLED, TimeToLiveStatus.ENABLING);
        assertThat(ttl.attributeName()).isEqualTo("expiresAt");
        TableDescription guards = dynamoDb.describeTable(r -> r.tableName("it-email-guards")).table();
        assertThat(guards.streamSpecification() == null || !guards.streamSpecification().streamEnabled()).isTrue();
    }

    @Test
    void createIsCreateIfAbsentAndSetsVersionAndTimestamps() {
        Instant before = Instant.now().minusSeconds(1);
        Order created = orders().create(new Order(customer, "o1", "NEW", 10));
        assertThat(created.getVersion()).isEqualTo(1L);
        assertThat(created.getCreatedAt()).isAfter(before);
        assertThat(created.getUpdatedAt()).isEqualTo(created.getCreatedAt());
        assertThatThrownBy(() -> orders().create(new Order(customer, "o1", "NEW", 99)))
                .isInstanceOf(ItemAlreadyExistsException.class);
        assertThat(orders().get(orders().key(customer, "o1")).orElseThrow().getTotal()).isEqualTo(10);
    }

    @Test
    void updateChecksTheVersionAndKeepsCreatedAt() throws InterruptedException {
        Order created = orders().create(new Order(customer, "o2", "NEW", 10));
        Order copyA = orders().get(orders().key(customer, "o2")).orElseThrow();
        Order copyB = orders().get(orders().key(customer, "o2")).orElseThrow();
        Thread.sleep(5);
        copyA.setStatus("PAID");
        copyA.setCreatedAt(null);
        Order updated = orders().update(copyA);
        assertThat(updated.getVersion()).isEqualTo(2L);
        assertThat(updated.getCreatedAt()).isEqualTo(created.getCreatedAt());
        assertThat(updated.getUpdatedAt()).isAfter(created.getUpdatedAt());
        copyB.setStatus("CANCELLED");
        assertThatThrownBy(() -> orders().update(copyB)).isInstanceOfSatisfying(OptimisticLockException.class,
                e -> assertThat(e.<Order>currentItem().getStatus()).isEqualTo("PAID"));
    }

    @Test
    void updateOfAMissingItemIsNotFound() {
        Order ghost = new Order(customer, "ghost", "NEW", 1);
        ghost.setVersion(3L);
        assertThatThrownBy(() -> orders().update(ghost)).isInstanceOf(ItemNotFoundException.class);
    }

    @Test
    void conditionalUpdateAndDeleteUseTheConditionBuilder() {
        orders().create(new Order(customer, "o3", "NEW", 10));
        Order current = orders().get(orders().key(customer, "o3")).orElseThrow();
        current.setStatus("PAID");
        Order paid = orders().update(current, Condition.attribute("status").in("NEW", "PENDING")
                .and(Condition.attribute("total").between(1, 100)));
        assertThat(paid.getStatus()).isEqualTo("PAID");
        paid.setStatus("SHIPPED");
        assertThatThrownBy(() -> orders().update(paid, Condition.attribute("status").eq("NEW")))
                .isInstanceOf(ConditionFailedException.class);
        assertThatThrownBy(() -> orders().delete(orders().key(customer, "o3"),
                Condition.attribute("status").ne("PAID").or(Condition.attribute("note").exists())))
                .isInstanceOf(ConditionFailedException.class);
        orders().delete(orders().key(customer, "o3"),
                Condition.not(Condition.attribute("note").exists()).and(Condition.attribute("orderId").beginsWith("o")));
        assertThat(orders().get(orders().key(customer, "o3"))).isEmpty();
        assertThatThrownBy(() -> orders().delete(orders().key(customer, "o3"), null))
                .isInstanceOf(ItemNotFoundException.class);
    }

    @Test
    void conditionalPutOnAnAbsentItemIsAConditionFailure() {
        assertThatThrownBy(() -> orders().put(new Order(customer, "absent", "NEW", 1),
                Condition.attribute("status").eq("NEW"))).isInstanceOfSatisfying(ConditionFailedException.class,
                e -> assertThat(e.<Order>currentItem()).isNull());
        Order put = orders().put(new Order(customer, "absent", "NEW", 1), Condition.attribute("orderId").notExists());
        assertThat(put.getVersion()).isEqualTo(1L);
    }

    @Test
    void everyWriteIsValidated() {
        Order invalid = new Order(customer, "o4", "NEW", -5);
        invalid.setNote("x".repeat(60));
        assertThatThrownBy(() -> orders().create(invalid)).isInstanceOfSatisfying(ConstraintViolationException.class,
                e -> assertThat(e.getConstraintViolations()).hasSize(2));
        assertThatThrownBy(() -> orders().batchPut(List.of(invalid))).isInstanceOf(ConstraintViolationException.class);
        assertThat(orders().get(orders().key(customer, "o4"))).isEmpty();
    }

    @Test
    void ttlHelperSetsEpochSeconds() {
        Order order = new Order(customer, "o5", "NEW", 1);
        long expected = Instant.now().plus(Duration.ofDays(1)).getEpochSecond();
        order.setExpiresAt(Ttl.after(Duration.ofDays(1)));
        orders().create(order);
        var stored = dynamoDb.getItem(r -> r.tableName("it-orders").key(java.util.Map.of(
                "customerId", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(customer),
                "orderId", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("o5")))).item();
        assertThat(Long.parseLong(stored.get("expiresAt").n())).isBetween(expected - 5, expected + 5);
    }

    @Test
    void queryOnAGsiWithAFilterPagesThroughEveryMatchExactlyOnce() {
        String status = "S-" + UUID.randomUUID();
        List<Order> batch = new ArrayList<>();
        IntStream.range(0, 23).forEach(i -> batch.add(new Order(customer, String.format("g%02d", i), status, i)));
        orders().batchPut(batch);
        QuerySpec.Builder query = QuerySpec.partition(status).index("by-status")
                .filter(Condition.attribute("total").ge(3)).limit(5).descending();
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            Page<Order> page = orders().query(query.cursor(cursor).build());
            assertThat(page.items()).hasSizeLessThanOrEqualTo(5);
            page.items().forEach(o -> assertThat(seen.add(o.getOrderId())).isTrue());
            page.items().forEach(o -> assertThat(o.getTotal()).isGreaterThanOrEqualTo(3));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);
        assertThat(seen).hasSize(20);
        assertThat(pages).isBetween(4, 5);
        String firstCursor = orders().query(query.cursor(null).build()).nextCursor();
        assertThatThrownBy(() -> orders().query(QuerySpec.partition(status).index("by-status").limit(5)
                .cursor(firstCursor).build())).isInstanceOf(InvalidCursorException.class);
    }

    @Test
    void queryWithSortKeyConditionsAndScanWork() {
        orders().batchPut(List.of(new Order(customer, "a-1", "NEW", 1), new Order(customer, "a-2", "NEW", 2),
                new Order(customer, "b-1", "NEW", 3)));
        assertThat(orders().queryAll(QuerySpec.partition(customer).sortBeginsWith("a-").limit(1).build()))
                .extracting(Order::getOrderId).containsExactly("a-1", "a-2");
        assertThat(orders().queryAll(QuerySpec.partition(customer).sortBetween("a-2", "b-1").build()))
                .extracting(Order::getOrderId).containsExactly("a-2", "b-1");
        List<Order> scanned = new ArrayList<>();
        String cursor = null;
        do {
            Page<Order> page = orders().scan(ScanSpec.builder().filter(Condition.attribute("customerId").eq(customer))
                    .limit(2).cursor(cursor).build());
            scanned.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        assertThat(scanned).extracting(Order::getOrderId).containsExactlyInAnyOrder("a-1", "a-2", "b-1");
    }

    @Test
    void batchesOfMoreThan25ItemsAreWrittenAndReadBack() {
        List<Order> many = IntStream.range(0, 60).mapToObj(i -> new Order(customer, "b" + i, "BATCH", i)).toList();
        orders().batchPut(many);
        List<Key> keys = IntStream.range(0, 60).mapToObj(i -> orders().key(customer, "b" + i)).toList();
        List<Order> read = orders().batchGet(new ArrayList<>(keys));
        assertThat(read).hasSize(60);
        assertThat(read).allSatisfy(o -> assertThat(o.getCreatedAt()).isNotNull());
        orders().batchDelete(keys);
        assertThat(orders().batchGet(keys)).isEmpty();
    }

    @Test
    void aTransactionAcrossTablesIsAllOrNothingAndNamesTheFailedItem() {
        EntityTable<EmailGuard> guards = tables.table(EmailGuard.class);
        String email = UUID.randomUUID() + "@example.test";
        transactions.write(tx -> tx.create(orders(), new Order(customer, "t1", "NEW", 1))
                .create(guards, new EmailGuard(email, customer)));
        assertThat(guards.get(guards.key(email))).isPresent();
        assertThatThrownBy(() -> transactions.write(tx -> tx.create(orders(), new Order(customer, "t2", "NEW", 1))
                .create(guards, new EmailGuard(email, "someone-else"))))
                .isInstanceOfSatisfying(TransactionFailedException.class, e -> {
                    assertThat(e.conditionFailedOn(guards)).isTrue();
                    assertThat(e.conditionFailedOn(orders())).isFalse();
                    assertThat(e.failures()).singleElement().satisfies(f -> {
                        assertThat(f.index()).isEqualTo(1);
                        assertThat(f.operation()).isEqualTo("create");
                        assertThat(f.code()).isEqualTo("ConditionalCheckFailed");
                    });
                });
        assertThat(orders().get(orders().key(customer, "t2"))).isEmpty();
        assertThat(guards.get(guards.key(email)).orElseThrow().getOwner()).isEqualTo(customer);
    }

    @Test
    void transactionsSupportUpdateDeleteAndConditionChecks() {
        EntityTable<EmailGuard> guards = tables.table(EmailGuard.class);
        String email = UUID.randomUUID() + "@example.test";
        Order order = orders().create(new Order(customer, "t3", "NEW", 1));
        orders().create(new Order(customer, "t3-other", "NEW", 1));
        guards.create(new EmailGuard(email, customer));
        order.setStatus("PAID");
        transactions.write(tx -> tx.update(orders(), order, Condition.attribute("status").eq("NEW"))
                .delete(guards, guards.key(email))
                .conditionCheck(orders(), orders().key(customer, "t3-other"), Condition.attribute("total").eq(1)));
        Order paid = orders().get(orders().key(customer, "t3")).orElseThrow();
        assertThat(paid.getStatus()).isEqualTo("PAID");
        assertThat(paid.getVersion()).isEqualTo(2L);
        assertThat(guards.get(guards.key(email))).isEmpty();
        order.setStatus("SHIPPED"); // still version 1: stale
        assertThatThrownBy(() -> transactions.write(tx -> tx.update(orders(), order)))
                .isInstanceOf(TransactionFailedException.class);
    }

    @Test
    void concurrentCreatesOfTheSameKeyHaveExactlyOneWinner() throws Exception {
        int writers = 8;
        List<Thread> threads = new ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger wins = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger conflicts = new java.util.concurrent.atomic.AtomicInteger();
        for (int i = 0; i < writers; i++) {
            int n = i;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    orders().create(new Order(customer, "race", "NEW", n));
                    wins.incrementAndGet();
                } catch (ItemAlreadyExistsException e) {
                    conflicts.incrementAndGet();
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(wins.get()).isEqualTo(1);
        assertThat(conflicts.get()).isEqualTo(writers - 1);
    }

    @Test
    void dynamoDbCallsAreObserved() {
        orders().get(orders().key(customer, "nothing"));
        String metrics = get("/actuator/prometheus", null).body();
        assertThat(metrics).contains("dynamodb_operation_seconds_count").contains("operation=\"GetItem\"")
                .contains("table=\"it-orders\"");
    }

    @Test
    void theHealthIndicatorReportsDynamoDbInReadiness() {
        var response = get("/actuator/health/readiness", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).get("status").asString()).isEqualTo("UP");
        assertThat(get("/actuator/health/liveness", null).statusCode()).isEqualTo(200);
    }
}
