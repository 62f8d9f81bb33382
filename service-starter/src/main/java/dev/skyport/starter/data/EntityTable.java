package dev.skyport.starter.data;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import dev.skyport.starter.dynamo.SkyportAttributeTags;
import dev.skyport.starter.pagination.CursorCodec;
import dev.skyport.starter.pagination.Page;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import software.amazon.awssdk.core.pagination.sync.SdkIterable;
import software.amazon.awssdk.enhanced.dynamodb.AttributeConverter;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.BatchGetItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.BatchWriteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.BatchWriteResult;
import software.amazon.awssdk.enhanced.dynamodb.model.DeleteItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.ReadBatch;
import software.amazon.awssdk.enhanced.dynamodb.model.ScanEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.UpdateItemEnhancedRequest;
import software.amazon.awssdk.enhanced.dynamodb.model.WriteBatch;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * A typed table over the enhanced client's {@link DynamoDbTable}: Bean Validation and created/updated timestamps on
 * every write, create-if-absent, optimistic locking (the enhanced client's {@code @DynamoDbVersionAttribute}),
 * conditional writes from {@link Condition}, paged query/scan with signed cursors, and batches that retry
 * unprocessed items. Obtain instances from {@link dev.skyport.starter.dynamo.SkyportTables}.
 */
public final class EntityTable<T> {

    static final String VERSION_METADATA_KEY = "VersionedRecordExtension:VersionAttribute";
    private static final int BATCH_WRITE_SIZE = 25;
    private static final int BATCH_GET_SIZE = 100;
    private static final int BATCH_MAX_ATTEMPTS = 8;

    private final String name;
    private final DynamoDbEnhancedClient client;
    private final DynamoDbClient dynamoDb;
    private final DynamoDbTable<T> table;
    private final TableSchema<T> schema;
    private final Validator validator;
    private final Clock clock;
    private final CursorCodec cursors;
    private final String partitionKey;
    private final Optional<String> sortKey;
    private final Optional<String> versionAttribute;
    private final Optional<String> createdAtAttribute;
    private final Optional<String> updatedAtAttribute;

    public EntityTable(String name, DynamoDbEnhancedClient client, DynamoDbClient dynamoDb, DynamoDbTable<T> table,
            Validator validator, Clock clock, CursorCodec cursors) {
        this.name = name;
        this.client = client;
        this.dynamoDb = dynamoDb;
        this.table = table;
        this.schema = table.tableSchema();
        this.validator = validator;
        this.clock = clock;
        this.cursors = cursors;
        this.partitionKey = schema.tableMetadata().primaryPartitionKey();
        this.sortKey = schema.tableMetadata().primarySortKey();
        this.versionAttribute = schema.tableMetadata().customMetadataObject(VERSION_METADATA_KEY, String.class);
        this.createdAtAttribute = SkyportAttributeTags.createdAtAttribute(schema);
        this.updatedAtAttribute = SkyportAttributeTags.updatedAtAttribute(schema);
    }

    /** Logical name (without the environment prefix). */
    public String name() {
        return name;
    }

    /** Physical DynamoDB table name. */
    public String tableName() {
        return table.tableName();
    }

    public TableSchema<T> schema() {
        return schema;
    }

    /** The enhanced client's table, for anything this layer does not cover. */
    public DynamoDbTable<T> raw() {
        return table;
    }

    public Key key(Object partitionValue) {
        return Key.builder().partitionValue(AttributeValues.of(partitionValue)).build();
    }

    public Key key(Object partitionValue, Object sortValue) {
        return Key.builder().partitionValue(AttributeValues.of(partitionValue))
                .sortValue(AttributeValues.of(sortValue)).build();
    }

    public Key keyOf(T item) {
        return table.keyFrom(item);
    }

    public Optional<T> get(Key key) {
        return Optional.ofNullable(table.getItem(key));
    }

    /** A strongly consistent read. */
    public Optional<T> getConsistent(Key key) {
        return Optional.ofNullable(table.getItem(r -> r.key(key).consistentRead(true)));
    }

    /** Writes the item only if no item has its key; else {@link ItemAlreadyExistsException}. Returns it as stored. */
    public T create(T item) {
        T prepared = prepareForWrite(item, true);
        Expression condition = createCondition();
        try {
            return table.updateItem(UpdateItemEnhancedRequest.builder(entityClass()).item(prepared).ignoreNulls(false)
                    .conditionExpression(condition)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build());
        } catch (ConditionalCheckFailedException e) {
            throw new ItemAlreadyExistsException(name);
        }
    }

    /** Writes the item whether or not it exists (still checked against its version when it has one). */
    public T put(T item) {
        return write(prepareForWrite(item, true), null, false);
    }

    /** Writes the item if {@code condition} holds (on the stored item, absent attributes fail comparisons). */
    public T put(T item, Condition condition) {
        return write(prepareForWrite(item, true), condition, false);
    }

    /**
     * Replaces an existing item's mapped attributes (null attributes are removed, except {@code @CreatedAt} which
     * keeps its first value). Fails with {@link ItemNotFoundException} when absent, {@link OptimisticLockException}
     * when its version moved on.
     */
    public T update(T item) {
        return update(item, null);
    }

    /** {@link #update(Object)} that also requires {@code condition}; else {@link ConditionFailedException}. */
    public T update(T item, Condition condition) {
        return write(prepareForWrite(item, false), condition, true);
    }

    public void delete(Key key) {
        table.deleteItem(key);
    }

    /** Deletes the item if it exists and {@code condition} (may be null) holds. */
    public void delete(Key key, Condition condition) {
        Expression expression = existsCondition();
        if (condition != null) {
            expression = Expression.join(expression, condition.toExpression("c"), Expression.AND);
        }
        try {
            table.deleteItem(DeleteItemEnhancedRequest.builder().key(key).conditionExpression(expression)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build());
        } catch (ConditionalCheckFailedException e) {
            T current = currentFrom(e);
            if (current == null) {
                throw new ItemNotFoundException(name);
            }
            throw new ConditionFailedException(name, current);
        }
    }

    /** One page of a query. A page holds up to {@code limit} items that passed the filter. */
    public Page<T> query(QuerySpec spec) {
        String binding = binding(spec);
        Map<String, AttributeValue> start = cursors.decode(spec.cursor(), binding);
        Expression filter = spec.filter() == null ? null : spec.filter().toExpression("f");
        QueryConditional conditional = queryConditional(spec);
        return collect(spec.limit(), start, spec.indexName(), binding, exclusiveStart -> {
            QueryEnhancedRequest.Builder request = QueryEnhancedRequest.builder().queryConditional(conditional)
                    .scanIndexForward(spec.ascending()).limit(spec.limit()).exclusiveStartKey(exclusiveStart)
                    .filterExpression(filter);
            if (spec.indexName() == null) {
                request.consistentRead(spec.consistentRead());
                return table.query(request.build());
            }
            return table.index(spec.indexName()).query(request.build());
        });
    }

    /** Every item a query matches, following pages (for bounded result sets only). */
    public List<T> queryAll(QuerySpec spec) {
        List<T> all = new ArrayList<>();
        String cursor = spec.cursor();
        do {
            Page<T> page = query(new QuerySpec(spec.partitionValue(), spec.sortCondition(), spec.indexName(),
                    spec.filter(), spec.ascending(), spec.limit(), cursor, spec.consistentRead()));
            all.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return all;
    }

    /** One page of a scan. */
    public Page<T> scan(ScanSpec spec) {
        String binding = "scan|" + table.tableName() + "|" + spec.indexName() + "|" + describe(spec.filter());
        Map<String, AttributeValue> start = cursors.decode(spec.cursor(), binding);
        Expression filter = spec.filter() == null ? null : spec.filter().toExpression("f");
        return collect(spec.limit(), start, spec.indexName(), binding, exclusiveStart -> {
            ScanEnhancedRequest.Builder request = ScanEnhancedRequest.builder().limit(spec.limit())
                    .exclusiveStartKey(exclusiveStart).filterExpression(filter);
            if (spec.indexName() == null) {
                request.consistentRead(spec.consistentRead());
                return table.scan(request.build());
            }
            return table.index(spec.indexName()).scan(request.build());
        });
    }

    /** Reads many items by key (any number; chunks of 100; unprocessed keys are followed). Missing keys are skipped. */
    public List<T> batchGet(Collection<Key> keys) {
        List<T> found = new ArrayList<>();
        List<Key> all = new ArrayList<>(new LinkedHashSet<>(keys));
        for (int from = 0; from < all.size(); from += BATCH_GET_SIZE) {
            List<Key> chunk = all.subList(from, Math.min(all.size(), from + BATCH_GET_SIZE));
            ReadBatch.Builder<T> batch = ReadBatch.builder(entityClass()).mappedTableResource(table);
            chunk.forEach(batch::addGetItem);
            client.batchGetItem(BatchGetItemEnhancedRequest.builder().readBatches(batch.build()).build())
                    .resultsForTable(table).forEach(found::add);
        }
        return found;
    }

    /**
     * Writes many items (chunks of 25), retrying unprocessed items with exponential backoff; items are validated
     * and timestamped first. Batch writes bypass conditions and version checks (DynamoDB's rule).
     */
    public void batchPut(Collection<T> items) {
        // Low-level BatchWriteItem: the enhanced client refuses batch puts of versioned entities, because its
        // version extension adds a condition. A batch put writes the version as given (1 for a new item).
        List<WriteRequest> requests = new ArrayList<>();
        for (T item : items) {
            Map<String, AttributeValue> map = new HashMap<>(schema.itemToMap(prepareForWrite(item, true), true));
            versionAttribute.ifPresent(attribute -> map.putIfAbsent(attribute, AttributeValue.fromN("1")));
            requests.add(WriteRequest.builder().putRequest(PutRequest.builder().item(map).build()).build());
        }
        for (int from = 0; from < requests.size(); from += BATCH_WRITE_SIZE) {
            List<WriteRequest> pending = requests.subList(from, Math.min(requests.size(), from + BATCH_WRITE_SIZE));
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                if (attempt > BATCH_MAX_ATTEMPTS) {
                    throw new BatchWriteIncompleteException(name, pending.size());
                }
                if (attempt > 1) {
                    backoff(attempt);
                }
                List<WriteRequest> chunk = pending;
                BatchWriteItemResponse response = dynamoDb.batchWriteItem(
                        r -> r.requestItems(Map.of(table.tableName(), chunk)));
                pending = response.hasUnprocessedItems()
                        ? response.unprocessedItems().getOrDefault(table.tableName(), List.of()) : List.of();
            }
        }
    }

    /** Deletes many items by key, retrying unprocessed keys like {@link #batchPut}. */
    public void batchDelete(Collection<Key> keys) {
        List<Key> all = new ArrayList<>(keys);
        for (int from = 0; from < all.size(); from += BATCH_WRITE_SIZE) {
            List<Key> pending = all.subList(from, Math.min(all.size(), from + BATCH_WRITE_SIZE));
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                if (attempt > BATCH_MAX_ATTEMPTS) {
                    throw new BatchWriteIncompleteException(name, pending.size());
                }
                if (attempt > 1) {
                    backoff(attempt);
                }
                WriteBatch.Builder<T> batch = WriteBatch.builder(entityClass()).mappedTableResource(table);
                pending.forEach(batch::addDeleteItem);
                BatchWriteResult result = client.batchWriteItem(
                        BatchWriteItemEnhancedRequest.builder().writeBatches(batch.build()).build());
                pending = result.unprocessedDeleteItemsForTable(table);
            }
        }
    }

    // ---- package-private pieces shared with Transactions ----

    Class<T> entityClass() {
        return schema.itemType().rawClass();
    }

    /** Validates and sets timestamps; {@code creating} also fills {@code @CreatedAt} when absent. */
    T prepareForWrite(T item, boolean creating) {
        Objects.requireNonNull(item, "item");
        Set<ConstraintViolation<T>> violations = validator.validate(item);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        if (createdAtAttribute.isEmpty() && updatedAtAttribute.isEmpty()) {
            return item;
        }
        Instant now = clock.instant();
        Map<String, AttributeValue> map = new HashMap<>(schema.itemToMap(item, true));
        // Always offered: on update the attribute is written with if_not_exists, so the first value stays.
        createdAtAttribute.ifPresent(attribute -> map.putIfAbsent(attribute, convert(attribute, now)));
        updatedAtAttribute.ifPresent(attribute -> map.put(attribute, convert(attribute, now)));
        return schema.mapToItem(map);
    }

    Expression createCondition() {
        return Expression.builder().expression("attribute_not_exists(#sky_pk)")
                .putExpressionName("#sky_pk", partitionKey).build();
    }

    Expression existsCondition() {
        return Expression.builder().expression("attribute_exists(#sky_pk)")
                .putExpressionName("#sky_pk", partitionKey).build();
    }

    Optional<String> versionAttribute() {
        return versionAttribute;
    }

    T itemFromMap(Map<String, AttributeValue> map) {
        return map == null || map.isEmpty() ? null : schema.mapToItem(map);
    }

    // ---- internals ----

    private T write(T prepared, Condition condition, boolean mustExist) {
        Expression expression = mustExist ? existsCondition() : null;
        if (condition != null) {
            Expression rendered = condition.toExpression("c");
            expression = expression == null ? rendered : Expression.join(expression, rendered, Expression.AND);
        }
        try {
            return table.updateItem(UpdateItemEnhancedRequest.builder(entityClass()).item(prepared).ignoreNulls(false)
                    .conditionExpression(expression)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build());
        } catch (ConditionalCheckFailedException e) {
            throw classify(e, prepared, mustExist);
        }
    }

    private RuntimeException classify(ConditionalCheckFailedException e, T attempted, boolean mustExist) {
        T current = currentFrom(e);
        if (current == null) {
            if (mustExist) {
                return new ItemNotFoundException(name);
            }
            boolean versioned = versionAttribute.isPresent()
                    && schema.attributeValue(attempted, versionAttribute.get()) != null;
            // Absent item but a version was supplied: the item was deleted since it was read.
            return versioned ? new OptimisticLockException(name, null) : new ConditionFailedException(name, null);
        }
        if (versionAttribute.isPresent()) {
            AttributeValue stored = schema.attributeValue(current, versionAttribute.get());
            AttributeValue expected = schema.attributeValue(attempted, versionAttribute.get());
            if (!Objects.equals(stored, expected)) {
                return new OptimisticLockException(name, current);
            }
        }
        return new ConditionFailedException(name, current);
    }

    private T currentFrom(ConditionalCheckFailedException e) {
        return e.hasItem() ? itemFromMap(e.item()) : null;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private AttributeValue convert(String attribute, Instant now) {
        AttributeConverter converter = schema.converterForAttribute(attribute);
        return converter == null ? AttributeValue.fromS(now.toString()) : converter.transformFrom(now);
    }

    private QueryConditional queryConditional(QuerySpec spec) {
        AttributeValue partition = AttributeValues.of(spec.partitionValue());
        QuerySpec.SortCondition sort = spec.sortCondition();
        if (sort == null) {
            return QueryConditional.keyEqualTo(Key.builder().partitionValue(partition).build());
        }
        Key first = Key.builder().partitionValue(partition).sortValue(AttributeValues.of(sort.values().get(0))).build();
        return switch (sort.operator()) {
            case EQ -> QueryConditional.keyEqualTo(first);
            case LT -> QueryConditional.sortLessThan(first);
            case LE -> QueryConditional.sortLessThanOrEqualTo(first);
            case GT -> QueryConditional.sortGreaterThan(first);
            case GE -> QueryConditional.sortGreaterThanOrEqualTo(first);
            case BEGINS_WITH -> QueryConditional.sortBeginsWith(first);
            case BETWEEN -> QueryConditional.sortBetween(first, Key.builder().partitionValue(partition)
                    .sortValue(AttributeValues.of(sort.values().get(1))).build());
        };
    }

    private String binding(QuerySpec spec) {
        StringBuilder sb = new StringBuilder("query|").append(table.tableName()).append('|').append(spec.indexName())
                .append('|').append(AttributeValues.of(spec.partitionValue()));
        if (spec.sortCondition() != null) {
            sb.append('|').append(spec.sortCondition().operator());
            spec.sortCondition().values().forEach(v -> sb.append(',').append(AttributeValues.of(v)));
        }
        sb.append('|').append(spec.ascending()).append('|').append(describe(spec.filter()));
        return sb.toString();
    }

    private static String describe(Condition filter) {
        if (filter == null) {
            return "-";
        }
        Expression e = filter.toExpression("f");
        return e.expression() + e.expressionNames() + e.expressionValues();
    }

    /** Reads pages until {@code limit} items passed the filter; the cursor points after the last returned item. */
    private Page<T> collect(int limit, Map<String, AttributeValue> start, String indexName, String binding,
            java.util.function.Function<Map<String, AttributeValue>, SdkIterable<software.amazon.awssdk.enhanced.dynamodb.model.Page<T>>> fetch) {
        List<T> items = new ArrayList<>();
        Map<String, AttributeValue> exclusiveStart = start;
        Map<String, AttributeValue> lastEvaluated;
        do {
            Iterator<software.amazon.awssdk.enhanced.dynamodb.model.Page<T>> pages = fetch.apply(exclusiveStart).iterator();
            if (!pages.hasNext()) {
                lastEvaluated = null;
                break;
            }
            software.amazon.awssdk.enhanced.dynamodb.model.Page<T> page = pages.next();
            items.addAll(page.items());
            lastEvaluated = page.lastEvaluatedKey();
            exclusiveStart = lastEvaluated;
        } while (items.size() < limit && lastEvaluated != null && !lastEvaluated.isEmpty());
        if (items.size() > limit) {
            items = new ArrayList<>(items.subList(0, limit));
            lastEvaluated = keyAttributes(items.get(limit - 1), indexName);
        } else if (items.size() == limit && lastEvaluated != null && !lastEvaluated.isEmpty()) {
            lastEvaluated = keyAttributes(items.get(limit - 1), indexName);
        }
        return new Page<>(items, cursors.encode(lastEvaluated, binding));
    }

    private Map<String, AttributeValue> keyAttributes(T item, String indexName) {
        List<String> names = new ArrayList<>(schema.tableMetadata().primaryKeys());
        if (indexName != null) {
            names.addAll(schema.tableMetadata().indexKeys(indexName));
        }
        return schema.itemToMap(item, new LinkedHashSet<>(names));
    }

    private static void backoff(int attempt) {
        long millis = Math.min(2000, 25L << Math.min(attempt, 10));
        millis += java.util.concurrent.ThreadLocalRandom.current().nextLong(millis / 2 + 1);
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a batch write", e);
        }
    }
}
