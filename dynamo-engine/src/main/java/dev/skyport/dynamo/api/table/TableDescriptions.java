package dev.skyport.dynamo.api.table;

import dev.skyport.dynamo.storage.IndexDefinition;
import dev.skyport.dynamo.storage.KeySchema;
import dev.skyport.dynamo.storage.TableData;
import dev.skyport.dynamo.storage.TableDefinition;
import dev.skyport.dynamo.storage.TableHistory;
import dev.skyport.dynamo.storage.TableHistory.ThroughputHistory;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The service's TableDescription of a table, as CreateTable, DescribeTable, UpdateTable and DeleteTable answer it. */
final class TableDescriptions {

    static final String PAY_PER_REQUEST = "PAY_PER_REQUEST";
    static final String PROVISIONED = "PROVISIONED";

    /** Warm throughput every on-demand table and index starts with. */
    static final long ON_DEMAND_WARM_READ = 12_000;
    static final long ON_DEMAND_WARM_WRITE = 4_000;

    private static final DateTimeFormatter STREAM_LABEL =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    /** Which answer is being built; each leaves out or fixes some members. */
    enum Answer {
        /** CreateTable: nothing counted or timed yet. */
        CREATED,
        /** DescribeTable and UpdateTable. */
        DESCRIBED,
        /** DeleteTable: the short description, without schema, indexes or creation time. */
        DELETED
    }

    private TableDescriptions() {
    }

    /** A stream label: the ISO-8601 time the stream was enabled, without zone. */
    static String streamLabel(long millis) {
        return STREAM_LABEL.format(Instant.ofEpochMilli(millis));
    }

    /** Epoch seconds with millisecond fraction, the wire form of the service's timestamps. */
    static BigDecimal seconds(long millis) {
        return BigDecimal.valueOf(millis, 3);
    }

    /**
     * Describes {@code definition} (which may differ from the stored one: answers show old throughput
     * and decrease counts while UPDATING, indexes CREATING or DELETING) with counts from {@code data}.
     */
    static Map<String, Object> describe(TableDefinition definition, TableData data, String tableStatus,
                                        Answer answer) {
        TableHistory history = definition.history();
        boolean created = answer == Answer.CREATED;
        boolean deleted = answer == Answer.DELETED;
        boolean onDemand = PAY_PER_REQUEST.equals(definition.billingMode());
        Map<String, Object> d = new LinkedHashMap<>();
        if (!deleted) {
            d.put("AttributeDefinitions", attributeDefinitions(definition));
        }
        d.put("TableName", definition.name());
        if (!deleted) {
            d.put("KeySchema", keySchema(definition.key()));
        }
        d.put("TableStatus", tableStatus);
        if (!deleted) {
            d.put("CreationDateTime", seconds(definition.createdMillis()));
        }
        d.put("ProvisionedThroughput", throughput(definition.readCapacity(), definition.writeCapacity(), history.table()));
        d.put("TableSizeBytes", created || data == null ? 0L : data.sizeBytes());
        d.put("ItemCount", created || data == null ? 0L : data.itemCount());
        d.put("TableArn", definition.arn());
        d.put("TableId", definition.tableId());
        Map<String, Object> billing = billingModeSummary(definition, history, created);
        if (billing != null) {
            d.put("BillingModeSummary", billing);
        }
        if (!deleted && !definition.localIndexes().isEmpty()) {
            List<Object> lsis = new ArrayList<>();
            for (IndexDefinition index : definition.localIndexes()) {
                lsis.add(localIndex(definition, index, data, created));
            }
            d.put("LocalSecondaryIndexes", lsis);
        }
        if (!deleted && !definition.globalIndexes().isEmpty()) {
            List<Object> gsis = new ArrayList<>();
            for (IndexDefinition index : definition.globalIndexes()) {
                gsis.add(globalIndex(definition, index, data, history, created, onDemand));
            }
            d.put("GlobalSecondaryIndexes", gsis);
        }
        if (definition.streamEnabled()) {
            d.put("StreamSpecification", Map.of("StreamEnabled", true, "StreamViewType", definition.streamViewType()));
        }
        if (definition.streamLabel() != null) {
            d.put("LatestStreamLabel", definition.streamLabel());
            d.put("LatestStreamArn", definition.arn() + "/stream/" + definition.streamLabel());
        }
        if (history.kmsKeyArn() != null) {
            Map<String, Object> sse = new LinkedHashMap<>();
            sse.put("Status", "ENABLED");
            sse.put("SSEType", "KMS");
            sse.put("KMSMasterKeyArn", history.kmsKeyArn());
            d.put("SSEDescription", sse);
        }
        if (definition.tableClass() != null) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("TableClass", definition.tableClass());
            if (history.tableClassUpdatedMillis() != null) {
                summary.put("LastUpdateDateTime", seconds(history.tableClassUpdatedMillis()));
            }
            d.put("TableClassSummary", summary);
        }
        d.put("DeletionProtectionEnabled", definition.deletionProtection());
        if (onDemand && (history.maxReadRequestUnits() != null || history.maxWriteRequestUnits() != null)) {
            Map<String, Object> limits = new LinkedHashMap<>();
            // An unset ceiling reads -1 ("no limit") beside a set one.
            limits.put("MaxReadRequestUnits", orUnlimited(history.maxReadRequestUnits()));
            limits.put("MaxWriteRequestUnits", orUnlimited(history.maxWriteRequestUnits()));
            d.put("OnDemandThroughput", limits);
        }
        if (!deleted) {
            d.put("WarmThroughput", tableWarmThroughput(definition, history, tableStatus));
        }
        return d;
    }

    /** The definitions in the order the client gave them, which the definition's map keeps. */
    static List<Object> attributeDefinitions(TableDefinition definition) {
        List<Object> list = new ArrayList<>();
        for (Map.Entry<String, String> e : definition.attributeDefinitions().entrySet()) {
            Map<String, Object> def = new LinkedHashMap<>();
            def.put("AttributeName", e.getKey());
            def.put("AttributeType", e.getValue());
            list.add(def);
        }
        return list;
    }

    static List<Object> keySchema(KeySchema key) {
        List<Object> list = new ArrayList<>(2);
        list.add(keyElement(key.hashName(), "HASH"));
        if (key.hasRange()) {
            list.add(keyElement(key.rangeName(), "RANGE"));
        }
        return list;
    }

    private static Map<String, Object> keyElement(String name, String type) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("AttributeName", name);
        e.put("KeyType", type);
        return e;
    }

    static Map<String, Object> throughput(long read, long write, ThroughputHistory history) {
        Map<String, Object> t = new LinkedHashMap<>();
        if (history.lastIncreaseMillis() != null) {
            t.put("LastIncreaseDateTime", seconds(history.lastIncreaseMillis()));
        }
        if (history.lastDecreaseMillis() != null) {
            t.put("LastDecreaseDateTime", seconds(history.lastDecreaseMillis()));
        }
        t.put("NumberOfDecreasesToday", (long) history.decreasesToday());
        t.put("ReadCapacityUnits", read);
        t.put("WriteCapacityUnits", write);
        return t;
    }

    /**
     * On-demand tables always have a summary; provisioned ones only once they have been on-demand
     * (the service keeps reporting when that last was). The CreateTable answer has no time yet.
     */
    private static Map<String, Object> billingModeSummary(TableDefinition definition, TableHistory history,
                                                          boolean created) {
        boolean onDemand = PAY_PER_REQUEST.equals(definition.billingMode());
        if (!onDemand && history.payPerRequestSinceMillis() == null) {
            return null;
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("BillingMode", onDemand ? PAY_PER_REQUEST : PROVISIONED);
        if (!created && history.payPerRequestSinceMillis() != null) {
            s.put("LastUpdateToPayPerRequestDateTime", seconds(history.payPerRequestSinceMillis()));
        }
        return s;
    }

    static Map<String, Object> projection(IndexDefinition index) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("ProjectionType", index.projectionType());
        if (index.nonKeyAttributes() != null && !index.nonKeyAttributes().isEmpty()) {
            p.put("NonKeyAttributes", index.nonKeyAttributes());
        }
        return p;
    }

    private static Map<String, Object> localIndex(TableDefinition definition, IndexDefinition index, TableData data,
                                                  boolean created) {
        Map<String, Object> i = new LinkedHashMap<>();
        i.put("IndexName", index.name());
        i.put("KeySchema", keySchema(index.key()));
        i.put("Projection", projection(index));
        putCounts(i, index, data, created);
        i.put("IndexArn", definition.arn() + "/index/" + index.name());
        return i;
    }

    private static Map<String, Object> globalIndex(TableDefinition definition, IndexDefinition index, TableData data,
                                                   TableHistory history, boolean created, boolean onDemand) {
        Map<String, Object> i = new LinkedHashMap<>();
        i.put("IndexName", index.name());
        i.put("KeySchema", keySchema(index.key()));
        i.put("Projection", projection(index));
        i.put("IndexStatus", index.status());
        // The service shows Backfilling only on indexes that UpdateTable is building.
        if (!"ACTIVE".equals(index.status()) && !created) {
            i.put("Backfilling", index.backfilling());
        }
        i.put("ProvisionedThroughput", throughput(index.readCapacity(), index.writeCapacity(),
                history.index(index.name())));
        putCounts(i, index, data, created || !"ACTIVE".equals(index.status()));
        i.put("IndexArn", definition.arn() + "/index/" + index.name());
        Map<String, Object> warm = new LinkedHashMap<>();
        warm.put("ReadUnitsPerSecond", onDemand ? ON_DEMAND_WARM_READ : index.readCapacity());
        warm.put("WriteUnitsPerSecond", onDemand ? ON_DEMAND_WARM_WRITE : index.writeCapacity());
        warm.put("Status", index.status());
        i.put("WarmThroughput", warm);
        return i;
    }

    private static void putCounts(Map<String, Object> i, IndexDefinition index, TableData data, boolean zero) {
        TableData.IndexData live = zero || data == null ? null : data.index(index.name());
        i.put("IndexSizeBytes", live == null ? 0L : live.sizeBytes());
        i.put("ItemCount", live == null ? 0L : live.itemCount());
    }

    /**
     * Warm throughput never drops: an on-demand table starts at 12000/4000 and keeps that after a
     * switch to provisioned; a provisioned one has what it was given; requests can raise either.
     */
    private static Map<String, Object> tableWarmThroughput(TableDefinition definition, TableHistory history,
                                                           String status) {
        long read = definition.readCapacity();
        long write = definition.writeCapacity();
        if (history.payPerRequestSinceMillis() != null || PAY_PER_REQUEST.equals(definition.billingMode())) {
            read = Math.max(read, ON_DEMAND_WARM_READ);
            write = Math.max(write, ON_DEMAND_WARM_WRITE);
        }
        if (history.warmRead() != null) {
            read = Math.max(read, history.warmRead());
        }
        if (history.warmWrite() != null) {
            write = Math.max(write, history.warmWrite());
        }
        Map<String, Object> warm = new LinkedHashMap<>();
        warm.put("ReadUnitsPerSecond", read);
        warm.put("WriteUnitsPerSecond", write);
        warm.put("Status", status);
        return warm;
    }

    private static long orUnlimited(Long ceiling) {
        return ceiling == null ? -1L : ceiling;
    }
}
