package dev.skyport.dynamo.storage;

import dev.skyport.dynamo.model.AttributeValue;
import dev.skyport.dynamo.model.Bytes;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Tables, items and directory helpers shared by the journal tests. */
final class JournalFixtures {

    private JournalFixtures() {
    }

    static TableDefinition table(String name) {
        return new TableDefinition(name, "id-" + name, "arn:aws:dynamodb:us-east-1:000000000000:table/" + name,
                1_700_000_000_000L, "ACTIVE", new KeySchema("pk", "S", null, null), Map.of("pk", "S"),
                List.of(), List.of(), "PAY_PER_REQUEST", 0, 0, null, null, null, null, Map.of(), false, "STANDARD",
                null);
    }

    /** A definition with every field set, including indexes of each kind and a history of every kind. */
    static TableDefinition fullTable(String name) {
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("pk", "S");
        attributes.put("sk", "N");
        attributes.put("gsiHash", "B");
        attributes.put("lsiRange", "S");
        IndexDefinition gsi = new IndexDefinition("by-gsi", true, new KeySchema("gsiHash", "B", "sk", "N"),
                "INCLUDE", List.of("b", "a", "c"), "CREATING", true, 11, 12);
        IndexDefinition gsiAll = new IndexDefinition("all", true, new KeySchema("sk", "N", null, null),
                "ALL", null, "ACTIVE", false, 0, 0);
        IndexDefinition lsi = new IndexDefinition("by-lsi", false, new KeySchema("pk", "S", "lsiRange", "S"),
                "KEYS_ONLY", null, "ACTIVE", false, 0, 0);
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("team", "payments");
        tags.put("ünïcode", "✓ 😀");
        return new TableDefinition(name, "6f1c2d3e-0000-4000-8000-123456789abc",
                "arn:aws:dynamodb:eu-west-1:123456789012:table/" + name, 1_712_345_678_901L, "UPDATING",
                new KeySchema("pk", "S", "sk", "N"), attributes, List.of(gsi, gsiAll), List.of(lsi),
                "PROVISIONED", 5, 7, "NEW_AND_OLD_IMAGES", "2024-04-05T19:34:38.901", "expiresAt", "ENABLED",
                tags, true, "STANDARD_INFREQUENT_ACCESS", fullHistory());
    }

    /** A history with every field set, including a per-index entry and an index never changed. */
    static TableHistory fullHistory() {
        return new TableHistory(new TableHistory.ThroughputHistory(1_712_345_680_000L, 1_712_345_690_123L, 3),
                Map.of("by-gsi", new TableHistory.ThroughputHistory(null, 1_712_345_700_000L, 1),
                        "all", new TableHistory.ThroughputHistory(1_712_345_710_000L, null, 0)),
                1_712_345_600_000L, 1_712_345_650_000L, 4_000L, 9_000L, 15_000L, 5_000L,
                "arn:aws:kms:eu-west-1:123456789012:key/0b9e8a7c-1111-4222-8333-444455556666");
    }

    static Map<String, AttributeValue> item(String pk, Object... rest) {
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("pk", AttributeValue.s(pk));
        for (int i = 0; i < rest.length; i += 2) {
            Object v = rest[i + 1];
            item.put((String) rest[i], v instanceof AttributeValue av ? av
                    : v instanceof Number n ? AttributeValue.n(n.toString()) : AttributeValue.s(v.toString()));
        }
        return item;
    }

    /** An item holding every attribute type, with nesting, odd numbers, odd strings and key order to keep. */
    static Map<String, AttributeValue> everyType(String pk) {
        Map<String, AttributeValue> nested = new LinkedHashMap<>();
        nested.put("zulu", AttributeValue.n("1"));
        nested.put("alpha", new AttributeValue.M(Map.of()));
        nested.put("mike", new AttributeValue.L(List.of(AttributeValue.Null.INSTANCE, AttributeValue.bool(false))));
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        item.put("pk", AttributeValue.s(pk));
        item.put("zString", AttributeValue.s("héllo wörld ✓ 😀 \uD800 lone surrogate"));
        item.put("empty", AttributeValue.s(""));
        item.put("int", AttributeValue.n("42"));
        item.put("decimal", AttributeValue.n("-123.4500"));
        item.put("huge", AttributeValue.n("9.9999999999999999999999999999999999999E+125"));
        item.put("tiny", AttributeValue.n("-1E-130"));
        item.put("hundred", AttributeValue.n("100"));
        item.put("zero", AttributeValue.n("0.000"));
        item.put("digits38", AttributeValue.n("12345678901234567890.123456789012345678"));
        item.put("binary", AttributeValue.b(new byte[] {0, -1, 127, -128, 10}));
        item.put("emptyBinary", AttributeValue.b(new byte[0]));
        item.put("yes", AttributeValue.bool(true));
        item.put("no", AttributeValue.bool(false));
        item.put("nothing", AttributeValue.Null.INSTANCE);
        item.put("list", new AttributeValue.L(List.of(AttributeValue.s("x"), AttributeValue.n(1),
                new AttributeValue.L(List.of()), new AttributeValue.M(nested))));
        item.put("map", new AttributeValue.M(nested));
        item.put("strings", new AttributeValue.SS(new LinkedHashSet<>(List.of("pear", "apple", "ß", "zz"))));
        item.put("numbers", new AttributeValue.NS(new LinkedHashSet<>(List.of(new BigDecimal("3"),
                new BigDecimal("1.50"), new BigDecimal("-2E+10"), new BigDecimal("0.0001")))));
        item.put("binaries", new AttributeValue.BS(new LinkedHashSet<>(List.of(Bytes.wrap(new byte[] {9, 8}),
                Bytes.wrap(new byte[] {(byte) 0xFF}), Bytes.wrap(new byte[] {0})))));
        return item;
    }

    static Path newestLog(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".wal")).max(Path::compareTo).orElseThrow();
        }
    }

    static List<String> fileNames(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    static Map<String, AttributeValue> get(Database db, String table, String pk) {
        TableData data = db.table(table);
        return data.get(PrimaryKey.of(AttributeValue.s(pk), TableData.NO_RANGE));
    }

    static void put(Database db, String table, Map<String, AttributeValue> item) {
        TableData data = db.table(table);
        db.write(data, data.keyOf(item), old -> item).durable().join();
    }

    /** Writes the items without waiting for each (they share syncs), then waits until all are durable. */
    static void putAll(Database db, String table, List<Map<String, AttributeValue>> items) {
        TableData data = db.table(table);
        List<java.util.concurrent.CompletableFuture<Void>> durable = new java.util.ArrayList<>();
        for (Map<String, AttributeValue> item : items) {
            durable.add(db.write(data, data.keyOf(item), old -> item).durable());
        }
        durable.forEach(java.util.concurrent.CompletableFuture::join);
    }

    static void delete(Database db, String table, String pk) {
        TableData data = db.table(table);
        db.write(data, PrimaryKey.of(AttributeValue.s(pk), TableData.NO_RANGE), old -> null).durable().join();
    }
}
