package dev.skyport.dynamo.api;

import static dev.skyport.dynamo.SdkValues.s;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.dynamo.DynamoEngine;
import dev.skyport.dynamo.EngineClients;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Get;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Many clients at once: optimistic increments guarded by a version, and money transfers as
 * transactions, interleaved with transactional snapshots. No update may be lost, no money created
 * or destroyed, and no snapshot may see a transfer half done.
 */
class ConcurrencyIT {

    static final int THREADS = 16;
    static final int OPERATIONS_PER_THREAD = 60;
    static final int ACCOUNTS = 8;
    static final long OPENING_BALANCE = 1_000;
    /** Attempts one operation may take before the test gives up on it (each conflict is a retry). */
    static final int MAX_ATTEMPTS = 5_000;

    static DynamoEngine engine;
    static DynamoDbClient dynamo;

    @BeforeAll
    static void start() {
        engine = DynamoEngine.startInMemory();
        dynamo = EngineClients.dynamo(engine.endpoint());
        for (String table : List.of("counters", "accounts", "transfers")) {
            dynamo.createTable(b -> b.tableName(table)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("id")
                            .attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build()));
        }
        dynamo.putItem(b -> b.tableName("counters").item(Map.of("id", s("hits"), "n", n(0), "version", n(0))));
        for (int i = 0; i < ACCOUNTS; i++) {
            int account = i;
            dynamo.putItem(b -> b.tableName("accounts").item(Map.of("id", s(account(account)),
                    "balance", n(OPENING_BALANCE))));
        }
    }

    @AfterAll
    static void stop() {
        dynamo.close();
        engine.close();
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void concurrentIncrementsTransfersAndSnapshotsLoseNothing() throws Exception {
        AtomicLong increments = new AtomicLong();
        AtomicLong transfers = new AtomicLong();
        AtomicLong declined = new AtomicLong();
        AtomicLong snapshots = new AtomicLong();
        AtomicLong conflicts = new AtomicLong();
        AtomicLongArray expected = new AtomicLongArray(ACCOUNTS);
        for (int i = 0; i < ACCOUNTS; i++) {
            expected.set(i, OPENING_BALANCE);
        }
        List<Long> torn = java.util.Collections.synchronizedList(new ArrayList<>());

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            workers.add(pool.submit(() -> {
                go.await();
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int op = 0; op < OPERATIONS_PER_THREAD; op++) {
                    switch (op % 3) {
                        case 0 -> {
                            increment(conflicts);
                            increments.incrementAndGet();
                        }
                        case 1 -> {
                            int from = random.nextInt(ACCOUNTS);
                            int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
                            long amount = 1 + random.nextInt(400);
                            if (transfer(from, to, amount, conflicts)) {
                                expected.addAndGet(from, -amount);
                                expected.addAndGet(to, amount);
                                transfers.incrementAndGet();
                            } else {
                                declined.incrementAndGet();
                            }
                        }
                        default -> {
                            long sum = snapshotTotal(conflicts);
                            if (sum != ACCOUNTS * OPENING_BALANCE) {
                                torn.add(sum);
                            }
                            snapshots.incrementAndGet();
                        }
                    }
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> worker : workers) {
            worker.get(170, TimeUnit.SECONDS);
        }
        pool.shutdown();
        System.out.printf("ConcurrencyIT: %d increments, %d transfers (%d declined), %d snapshots, %d retries%n",
                increments.get(), transfers.get(), declined.get(), snapshots.get(), conflicts.get());

        Map<String, AttributeValue> counter = dynamo.getItem(b -> b.tableName("counters")
                .key(Map.of("id", s("hits"))).consistentRead(true)).item();
        assertThat(increments.get()).isEqualTo((long) THREADS * OPERATIONS_PER_THREAD / 3);
        assertThat(Long.parseLong(counter.get("n").n())).isEqualTo(increments.get());
        assertThat(counter.get("version").n()).isEqualTo(counter.get("n").n());

        assertThat(torn).as("snapshots that saw a transfer half done").isEmpty();
        assertThat(snapshots.get()).isEqualTo((long) THREADS * OPERATIONS_PER_THREAD / 3);
        long total = 0;
        for (int i = 0; i < ACCOUNTS; i++) {
            int account = i;
            long balance = Long.parseLong(dynamo.getItem(b -> b.tableName("accounts")
                    .key(Map.of("id", s(account(account)))).consistentRead(true)).item().get("balance").n());
            assertThat(balance).as("balance of account %d", i).isEqualTo(expected.get(i)).isNotNegative();
            total += balance;
        }
        assertThat(total).isEqualTo(ACCOUNTS * OPENING_BALANCE);
        assertThat(transfers.get() + declined.get()).isEqualTo((long) THREADS * OPERATIONS_PER_THREAD / 3);
        assertThat(transfers.get()).isPositive();
        assertThat(dynamo.scan(b -> b.tableName("transfers").consistentRead(true)).count())
                .isEqualTo((int) transfers.get());
    }

    /** Reads the counter and writes it back one higher if nobody else wrote it meanwhile. */
    static void increment(AtomicLong conflicts) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName("counters")
                    .key(Map.of("id", s("hits"))).consistentRead(true)).item();
            AttributeValue version = item.get("version");
            try {
                dynamo.updateItem(b -> b.tableName("counters").key(Map.of("id", s("hits")))
                        .updateExpression("SET n = n + :one, version = version + :one")
                        .conditionExpression("version = :seen")
                        .expressionAttributeValues(Map.of(":one", n(1), ":seen", version)));
                return;
            } catch (ConditionalCheckFailedException | TransactionConflictException e) {
                conflicts.incrementAndGet();
            }
        }
        throw new AssertionError("increment did not get through in " + MAX_ATTEMPTS + " attempts");
    }

    /**
     * Moves money if the source has enough, recording the transfer; retries (with the same client
     * token) on conflicts. Returns false when the source lacks the money.
     */
    static boolean transfer(int from, int to, long amount, AtomicLong conflicts) {
        String id = UUID.randomUUID().toString();
        List<TransactWriteItem> actions = List.of(
                TransactWriteItem.builder().update(Update.builder().tableName("accounts")
                        .key(Map.of("id", s(account(from))))
                        .updateExpression("SET balance = balance - :amount")
                        .conditionExpression("balance >= :amount")
                        .expressionAttributeValues(Map.of(":amount", n(amount))).build()).build(),
                TransactWriteItem.builder().update(Update.builder().tableName("accounts")
                        .key(Map.of("id", s(account(to))))
                        .updateExpression("SET balance = balance + :amount")
                        .expressionAttributeValues(Map.of(":amount", n(amount))).build()).build(),
                TransactWriteItem.builder().put(Put.builder().tableName("transfers")
                        .item(Map.of("id", s(id), "from", s(account(from)), "to", s(account(to)), "amount", n(amount)))
                        .conditionExpression("attribute_not_exists(id)").build()).build());
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            try {
                dynamo.transactWriteItems(b -> b.clientRequestToken(id).transactItems(actions));
                return true;
            } catch (TransactionCanceledException e) {
                List<String> codes = e.cancellationReasons().stream().map(CancellationReason::code).toList();
                if (codes.contains("TransactionConflict")) {
                    conflicts.incrementAndGet();
                    continue;
                }
                assertThat(codes).containsExactly("ConditionalCheckFailed", "None", "None");
                return false;
            }
        }
        throw new AssertionError("transfer did not get through in " + MAX_ATTEMPTS + " attempts");
    }

    /** The sum of all balances as one consistent snapshot. */
    static long snapshotTotal(AtomicLong conflicts) {
        List<TransactGetItem> gets = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            gets.add(TransactGetItem.builder().get(Get.builder().tableName("accounts")
                    .key(Map.of("id", s(account(i)))).build()).build());
        }
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            try {
                long sum = 0;
                for (var response : dynamo.transactGetItems(b -> b.transactItems(gets)).responses()) {
                    sum += Long.parseLong(response.item().get("balance").n());
                }
                return sum;
            } catch (TransactionCanceledException e) {
                assertThat(e.cancellationReasons()).extracting(CancellationReason::code).contains("TransactionConflict");
                conflicts.incrementAndGet();
            }
        }
        throw new AssertionError("snapshot did not get through in " + MAX_ATTEMPTS + " attempts");
    }

    static String account(int i) {
        return "account-" + i;
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
