package dev.skyport.dynamo.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.skyport.dynamo.DynamoEngine;
import dev.skyport.dynamo.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Random and mutated requests at every operation, through the real server against a data directory:
 * every answer is one the service could give (never a 500), every request is answered, no event loop
 * is left busy, and after a restart the engine reads back exactly what it held when it was stopped.
 *
 * <p>Requests start from the seeds in {@code src/test/resources/dev/skyport/dynamo/fuzz/seeds.json} and
 * are mutated (values replaced, removed, retyped, renamed, nested hundreds deep, grown to megabytes) or
 * sent to another operation, some as damaged bytes. Jazzer's input picks the seed and every
 * mutation; its corpus starts from {@code HostileRequestsFuzzITInputs/everyRequestGetsAnAnswerTheServiceCouldGive/}
 * (one input per seed, and the inputs that found bugs: Jazzer saves each there as {@code crash-<sha1>}, renamed
 * after what it found once fixed), which {@code ./mvnw verify} replays one by one and then fuzzes from for
 * {@link #EXECUTIONS} requests (Failsafe sets {@code JAZZER_FUZZ=1}). A longer run, one hour
 * ({@code -runs} and {@code -max_total_time} are libFuzzer's flags, the last one given wins):
 * {@code ./mvnw -B -ntp -pl dynamo-engine verify -Dit.test=HostileRequestsFuzzIT
 * -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-runs=-1 -Djazzer.internal.arg.2=-max_total_time=3600}.
 * Jazzer keeps what it learns in {@code dynamo-engine/.cifuzz-corpus/} for the next run.
 */
class HostileRequestsFuzzIT {

    private static final Duration HANG = Duration.ofMinutes(2);

    /** Requests per build ({@code maxExecutions}); the inputs replayed before fuzzing come on top. */
    static final long EXECUTIONS = 3000;

    private static final ConcurrentMap<String, LongAdder> answers = new ConcurrentHashMap<>();
    private static Path data;
    private static DynamoEngine engine;
    private static HttpClient http;
    private static List<Seed> seeds;
    private static List<String> targets;

    record Seed(String target, Object body) {
    }

    /** One request to send, and how it was made (shown when its answer fails the test). */
    record Fuzzed(String target, byte[] body, String how) {
        @Override
        public String toString() {
            String text = new String(body, 0, Math.min(body.length, 600), StandardCharsets.UTF_8);
            return target + " (" + how + ", " + body.length + " bytes): " + text;
        }
    }

    @BeforeAll
    static void start() throws IOException {
        data = Files.createTempDirectory("fuzz-engine");
        engine = startEngine();
        http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        seeds = readSeeds();
        targets = allTargets(seeds.stream().map(Seed::target).distinct().toList());
        post("DynamoDB_20120810.CreateTable", Json.write(Json.parse("""
                {"TableName": "fuzz", "BillingMode": "PAY_PER_REQUEST",
                 "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"},
                   {"AttributeName": "sk", "AttributeType": "N"}, {"AttributeName": "g", "AttributeType": "S"}],
                 "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
                 "GlobalSecondaryIndexes": [{"IndexName": "by-g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                   "Projection": {"ProjectionType": "ALL"}}],
                 "StreamSpecification": {"StreamEnabled": true, "StreamViewType": "NEW_AND_OLD_IMAGES"}}
                """.getBytes(StandardCharsets.UTF_8))));
        for (Seed seed : seeds) {
            post(seed.target(), Json.write(seed.body()));
        }
    }

    private static DynamoEngine startEngine() {
        // No TTL sweep during the run: the state compared across the restart must be the client's doing.
        return DynamoEngine.builder().dataDirectory(data).ttlSweepInterval(Duration.ofDays(1)).start();
    }

    // Jazzer runs this once, after the replayed inputs and the whole fuzzing run.
    @AfterAll
    static void noEventLoopIsLeftBusyAndARestartReadsBackEverythingHeld() throws Exception {
        boolean held = false;
        try {
            System.out.println("HostileRequestsFuzzIT answers: " + new TreeMap<>(answers));
            assertEventLoopsIdle();
            Map<String, List<String>> before = everything();
            DynamoEngine stopped = engine;
            engine = null;
            stopped.close();
            engine = startEngine();
            assertThat(everything()).isEqualTo(before);
            held = true;
        } finally {
            if (engine != null) {
                engine.close();
            }
            if (held) {
                try (var files = Files.walk(data)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            } else {
                // The journal that failed the restart is the reproducer: keep it.
                System.out.println("HostileRequestsFuzzIT kept the engine's data directory: " + data);
            }
        }
    }

    @FuzzTest(maxExecutions = EXECUTIONS, maxDuration = "5m")
    void everyRequestGetsAnAnswerTheServiceCouldGive(FuzzedDataProvider input) {
        Fuzzed request = request(input);
        HttpResponse<byte[]> response = post(request.target(), request.body());
        assertThat(response.statusCode()).as("status of " + request).isIn(200, 400, 413);
        String type = "";
        if (response.statusCode() == 400) {
            Object body = Json.parse(response.body());
            assertThat(body).as("answer to " + request).asInstanceOf(InstanceOfAssertFactories.MAP)
                    .containsKey("__type");
            type = String.valueOf(((Map<?, ?>) body).get("__type"));
            type = type.substring(type.indexOf('#') + 1);
        }
        answers.computeIfAbsent(response.statusCode() + " " + type, k -> new LongAdder()).increment();
    }

    // ------------------------------------------------------------------ generation

    /**
     * The request Jazzer's input picks. Integers are taken from the input's end, one byte each for small
     * ranges: an input ending in the bytes 0, 0, k is seed k sent unchanged (the committed seed-NN inputs
     * end so; their other bytes are what the mutations, once switched on, read).
     */
    static Fuzzed request(FuzzedDataProvider input) {
        Seed chosen = seeds.get(input.consumeInt(0, seeds.size() - 1));
        int roll = input.consumeInt(0, 19);
        String target = roll == 1 ? input.pickValue(targets) : chosen.target();
        Object tree = copy(chosen.body());
        List<Mutation> list = new ArrayList<>();
        for (int i = input.consumeInt(0, 4); i > 0; i--) {
            list.add(mutation(input));
        }
        for (Mutation m : list) {
            tree = m.apply(tree);
        }
        byte[] body = Trees.json(tree);
        String how = list.toString();
        if (roll == 2 && body.length > 0) {
            // Damaged bytes: cut short, or a byte changed.
            int at = input.consumeInt(0, body.length - 1);
            body = input.consumeBoolean() ? java.util.Arrays.copyOf(body, at) : flip(body, at);
            how += " damaged at " + at;
        }
        return new Fuzzed(target, body, (roll == 1 ? "to another operation, " : "") + how);
    }

    private static List<String> allTargets(List<String> seedTargets) {
        List<String> all = new ArrayList<>(seedTargets);
        for (String op : List.of("CreateBackup", "DescribeContinuousBackups", "ListBackups", "RestoreTableFromBackup",
                "UpdateContinuousBackups", "DescribeGlobalTable", "ExportTableToPointInTime", "ImportTable",
                "GetResourcePolicy", "DescribeKinesisStreamingDestination", "NoSuchOperation")) {
            all.add("DynamoDB_20120810." + op);
        }
        all.add("DynamoDBStreams_20120810.PutItem");
        all.add("Nonsense");
        return all;
    }

    private static byte[] flip(byte[] body, int at) {
        byte[] copy = body.clone();
        copy[at] = (byte) (copy[at] ^ 0x5A);
        return copy;
    }

    /** A change to a request tree; nodes are picked by their pre-order position, modulo their count. */
    sealed interface Mutation {
        Object apply(Object tree);
    }

    record Replace(int node, Object value) implements Mutation {
        public Object apply(Object tree) {
            return Trees.replace(tree, node, old -> value);
        }
    }

    record Remove(int node) implements Mutation {
        public Object apply(Object tree) {
            return Trees.remove(tree, node);
        }
    }

    record Nest(int node, int levels, boolean lists) implements Mutation {
        public Object apply(Object tree) {
            return Trees.replace(tree, node, old -> {
                Object v = old;
                for (int i = 0; i < levels; i++) {
                    v = lists ? one("L", java.util.Collections.singletonList(v)) : one("M", one("a", v));
                }
                return v;
            });
        }

        @Override
        public String toString() {
            return "Nest[" + node + ", " + levels + (lists ? " lists" : " maps") + "]";
        }
    }

    record Grow(int node, String unit, int times) implements Mutation {
        public Object apply(Object tree) {
            return Trees.replace(tree, node, old -> old instanceof String s && unit.isEmpty()
                    ? s.repeat(Math.max(1, times / Math.max(1, s.length())))
                    : unit.repeat(times));
        }

        @Override
        public String toString() {
            return "Grow[" + node + ", '" + unit + "' x " + times + "]";
        }
    }

    record Retype(int node, String type) implements Mutation {
        public Object apply(Object tree) {
            return Trees.replace(tree, node, old -> old instanceof Map<?, ?> m && m.size() == 1
                    ? Map.of(type, m.values().iterator().next() == null ? "" : m.values().iterator().next())
                    : old);
        }
    }

    /** Renames a map's first member: attribute names empty, huge, or like placeholders and paths. */
    record Rename(int node, String name) implements Mutation {
        public Object apply(Object tree) {
            return Trees.replace(tree, node, old -> {
                if (!(old instanceof Map<?, ?> map) || map.isEmpty()) {
                    return old;
                }
                Map<String, Object> renamed = new LinkedHashMap<>();
                boolean first = true;
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    renamed.put(first ? name : String.valueOf(e.getKey()), e.getValue());
                    first = false;
                }
                return renamed;
            });
        }

        @Override
        public String toString() {
            return "Rename[" + node + ", " + (name.length() > 20 ? name.length() + " characters" : "'" + name + "'") + "]";
        }
    }

    private static Map<String, Object> one(String key, Object value) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put(key, value);
        return map;
    }

    private static final List<String> NUMBERS_AND_NAMES = List.of("1e126", "-1E-131", "1e2147483648", "0", "-0.0",
            "NaN", "", "1.", ".5", "+7", "  3", "9".repeat(39), "0.000000001", "#n", ":v", "a.b[3]",
            "SELECT * FROM fuzz", "AA==", "===");
    private static final List<String> UNITS = List.of("", "9", "0", "(", "[", "{", "x", "NOT ", "a.", "\u00e9", "<<");
    private static final List<String> TYPES = List.of("S", "N", "B", "SS", "NS", "BS", "M", "L", "NULL", "BOOL", "X");
    private static final List<String> NAMES = List.of("", "pk", "sk", "g", "#n", ":v", "a.b", "a[0]", "\u0000",
            "\ud800", "TableName");

    private static Mutation mutation(FuzzedDataProvider input) {
        int node = input.consumeInt(0, 10_000);
        return switch (input.consumeInt(0, 5)) {
            case 0 -> new Replace(node, scalar(input));
            case 1 -> new Remove(node);
            case 2 -> new Nest(node, input.consumeInt(1, 400), input.consumeBoolean());
            case 3 -> {
                String unit = input.pickValue(UNITS);
                // Mostly up to 5,000 copies, sometimes up to 500,000, now and then 5 MB.
                int size = input.consumeInt(0, 12);
                int times = size < 10 ? input.consumeInt(1, 5_000)
                        : size < 12 ? input.consumeInt(5_000, 500_000) : 5 << 20;
                yield new Grow(node, unit, times);
            }
            case 4 -> new Retype(node, input.pickValue(TYPES));
            default -> new Rename(node, switch (input.consumeInt(0, 2)) {
                case 0 -> input.pickValue(NAMES);
                case 1 -> "n".repeat(input.consumeInt(200, 70_000));
                default -> input.consumeString(12);
            });
        };
    }

    private static Object scalar(FuzzedDataProvider input) {
        return switch (input.consumeInt(0, 7)) {
            case 0 -> input.consumeString(40);
            case 1 -> {
                // Any UTF-16 units, lone surrogates included.
                char[] chars = new char[input.consumeInt(0, 20)];
                for (int i = 0; i < chars.length; i++) {
                    chars[i] = input.consumeChar();
                }
                yield new String(chars);
            }
            case 2 -> input.pickValue(NUMBERS_AND_NAMES);
            case 3 -> new java.math.BigDecimal(java.math.BigInteger.valueOf(input.consumeLong()),
                    input.consumeInt(-400, 400));
            case 4 -> input.consumeBoolean();
            // A JSON null where the SDK never sends one, half of the time in place of an empty map.
            case 5 -> input.consumeBoolean() ? Map.of() : null;
            case 6 -> List.of();
            default -> {
                Map<String, Object> v = new LinkedHashMap<>();
                v.put("S", null);
                yield v;
            }
        };
    }

    // ------------------------------------------------------------------ the engine over HTTP

    private static HttpResponse<byte[]> post(String target, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(engine.endpoint() + "/"))
                // Only so that a hang fails the run instead of stalling the build; no answer takes long.
                .timeout(HANG)
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", target)
                .header("X-Amz-Date", "20261125T220000Z")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20261125/us-east-1/dynamodb/aws4_request, "
                        + "SignedHeaders=host;x-amz-date;x-amz-target, Signature=abc")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> call(String target, String json) {
        HttpResponse<byte[]> response = post(target, json.getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return (Map<String, Object>) Json.parse(response.body());
    }

    /** Every table's items, each as its JSON text, sorted: what a client can read back. */
    @SuppressWarnings("unchecked")
    private static Map<String, List<String>> everything() {
        Map<String, List<String>> tables = new TreeMap<>();
        for (Object name : (List<Object>) call("DynamoDB_20120810.ListTables", "{}").get("TableNames")) {
            List<String> items = new ArrayList<>();
            Object start = null;
            do {
                Map<String, Object> request = new LinkedHashMap<>();
                request.put("TableName", name);
                request.put("ConsistentRead", true);
                if (start != null) {
                    request.put("ExclusiveStartKey", start);
                }
                Map<String, Object> page = call("DynamoDB_20120810.Scan",
                        new String(Json.write(request), StandardCharsets.UTF_8));
                for (Object item : (List<Object>) page.get("Items")) {
                    items.add(new String(Json.write(new TreeMap<>((Map<String, Object>) item)), StandardCharsets.UTF_8));
                }
                start = page.get("LastEvaluatedKey");
            } while (start != null);
            items.sort(null);
            tables.put((String) name, items);
        }
        return tables;
    }

    /** Each event loop waits in its selector once every answer is out; none is stuck in a request. */
    private static void assertEventLoopsIdle() throws InterruptedException {
        List<String> busy = List.of();
        for (int attempt = 0; attempt < 200; attempt++) {
            busy = Thread.getAllStackTraces().entrySet().stream()
                    .filter(e -> e.getKey().getName().startsWith("multiThreadIoEventLoopGroup")
                            || e.getKey().getName().startsWith("deep-expression-parser"))
                    .filter(e -> e.getKey().isAlive() && !idle(e.getValue()))
                    .map(e -> e.getKey().getName() + " at " + (e.getValue().length > 0 ? e.getValue()[0] : "?"))
                    .toList();
            if (busy.isEmpty()) {
                return;
            }
            Thread.sleep(25);
        }
        assertThat(busy).as("event-loop threads still working after every answer came back").isEmpty();
    }

    private static boolean idle(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            if (frame.getClassName().contains("Selector") || frame.getMethodName().equals("park")) {
                return true;
            }
        }
        return stack.length == 0;
    }

    // ------------------------------------------------------------------ seeds and trees

    @SuppressWarnings("unchecked")
    private static List<Seed> readSeeds() throws IOException {
        try (InputStream in = HostileRequestsFuzzIT.class.getResourceAsStream("seeds.json")) {
            List<Object> list = (List<Object>) Json.parse(in.readAllBytes());
            List<Seed> result = new ArrayList<>();
            for (Object o : list) {
                Map<String, Object> m = (Map<String, Object>) o;
                result.add(new Seed((String) m.get("target"), m.get("body")));
            }
            return result;
        }
    }

    @SuppressWarnings("unchecked")
    private static Object copy(Object tree) {
        if (tree instanceof Map<?, ?> map) {
            Map<String, Object> c = new LinkedHashMap<>();
            ((Map<String, Object>) map).forEach((k, v) -> c.put(k, copy(v)));
            return c;
        }
        if (tree instanceof List<?> list) {
            List<Object> c = new ArrayList<>();
            list.forEach(v -> c.add(copy(v)));
            return c;
        }
        return tree;
    }
}
