package dev.skyport.starter.data;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactDeleteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactPutItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactUpdateItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.TransactWriteItemsEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * All-or-nothing writes across tables (TransactWriteItems): {@code transactions.write(tx -> tx.create(users, u)
 * .create(emails, guard))}. Cancellations become {@link TransactionFailedException} (which action failed and why)
 * or {@link ConcurrentModificationException} (a conflicting transaction; retry).
 */
public final class Transactions {

    private static final int MAX_ACTIONS = 100;

    private final DynamoDbEnhancedClient client;

    public Transactions(DynamoDbEnhancedClient client) {
        this.client = client;
    }

    public void write(Consumer<Writer> actions) {
        Writer writer = new Writer();
        actions.accept(writer);
        if (writer.labels.isEmpty()) {
            return;
        }
        if (writer.labels.size() > MAX_ACTIONS) {
            throw new IllegalArgumentException("a transaction holds at most " + MAX_ACTIONS + " actions");
        }
        try {
            client.transactWriteItems(writer.request.build());
        } catch (TransactionCanceledException e) {
            throw translate(e, writer.labels);
        }
    }

    private static RuntimeException translate(TransactionCanceledException e, List<String[]> labels) {
        List<TransactionFailedException.Failure> failures = new ArrayList<>();
        boolean conflict = false;
        List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
        for (int i = 0; i < reasons.size(); i++) {
            String code = reasons.get(i).code();
            if (code == null || "None".equals(code)) {
                continue;
            }
            if ("TransactionConflict".equals(code)) {
                conflict = true;
            }
            String[] label = i < labels.size() ? labels.get(i) : new String[] {"?", "?"};
            failures.add(new TransactionFailedException.Failure(i, label[0], label[1], code, reasons.get(i).message()));
        }
        boolean conditionFailed = failures.stream().anyMatch(f -> "ConditionalCheckFailed".equals(f.code()));
        if (conflict && !conditionFailed) {
            return new ConcurrentModificationException("Another change to the same items is in progress; retry.", e);
        }
        if (failures.isEmpty()) {
            return new ConcurrentModificationException("The transaction was cancelled; retry.", e);
        }
        return new TransactionFailedException(failures, e);
    }

    /** Collects the actions of one transaction, in order (the order of {@link TransactionFailedException.Failure#index()}). */
    public static final class Writer {

        private final TransactWriteItemsEnhancedRequest.Builder request = TransactWriteItemsEnhancedRequest.builder();
        private final List<String[]> labels = new ArrayList<>();

        private Writer() {
        }

        /** Puts the item only if no item has its key. */
        public <T> Writer create(EntityTable<T> table, T item) {
            T prepared = table.prepareForWrite(item, true);
            request.addPutItem(table.raw(), TransactPutItemEnhancedRequest.builder(table.entityClass()).item(prepared)
                    .conditionExpression(table.createCondition())
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build());
            labels.add(new String[] {table.name(), "create"});
            return this;
        }

        public <T> Writer put(EntityTable<T> table, T item) {
            return put(table, item, null);
        }

        public <T> Writer put(EntityTable<T> table, T item, Condition condition) {
            T prepared = table.prepareForWrite(item, true);
            TransactPutItemEnhancedRequest.Builder<T> put = TransactPutItemEnhancedRequest.builder(table.entityClass())
                    .item(prepared);
            if (condition != null) {
                put.conditionExpression(condition.toExpression("t" + labels.size() + "_"));
            }
            request.addPutItem(table.raw(), put.build());
            labels.add(new String[] {table.name(), "put"});
            return this;
        }

        public <T> Writer update(EntityTable<T> table, T item) {
            return update(table, item, null);
        }

        /** Updates an existing item (version-checked like {@link EntityTable#update}) if {@code condition} holds. */
        public <T> Writer update(EntityTable<T> table, T item, Condition condition) {
            T prepared = table.prepareForWrite(item, false);
            Expression expression = table.existsCondition();
            if (condition != null) {
                expression = Expression.join(expression, condition.toExpression("t" + labels.size() + "_"),
                        Expression.AND);
            }
            request.addUpdateItem(table.raw(), TransactUpdateItemEnhancedRequest.builder(table.entityClass())
                    .item(prepared).ignoreNulls(false).conditionExpression(expression).build());
            labels.add(new String[] {table.name(), "update"});
            return this;
        }

        public Writer delete(EntityTable<?> table, Key key) {
            return delete(table, key, null);
        }

        public Writer delete(EntityTable<?> table, Key key, Condition condition) {
            TransactDeleteItemEnhancedRequest.Builder delete = TransactDeleteItemEnhancedRequest.builder().key(key);
            if (condition != null) {
                delete.conditionExpression(condition.toExpression("t" + labels.size() + "_"));
            }
            request.addDeleteItem(table.raw(), delete.build());
            labels.add(new String[] {table.name(), "delete"});
            return this;
        }

        /** Requires {@code condition} on an item that this transaction does not write. */
        public Writer conditionCheck(EntityTable<?> table, Key key, Condition condition) {
            request.addConditionCheck(table.raw(), ConditionCheck.builder().key(key)
                    .conditionExpression(condition.toExpression("t" + labels.size() + "_")).build());
            labels.add(new String[] {table.name(), "conditionCheck"});
            return this;
        }
    }
}
