package dev.skyport.dynamo.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Raw HTTP/1.1 requests as the AWS SDK would send them (JSON 1.0 body, X-Amz-Target, a SigV4-shaped
 * Authorization header the engine accepts without verifying), built once so that sending one costs
 * nothing but the write.
 *
 * <p>The table {@code bench} has keys {@code pk} (partition {@code p%05d}, item index / 50) and
 * {@code sk} ({@code s%03d}, index % 50), so every partition holds 50 items; each item also has a
 * number {@code c} and a string {@code d} padding it to the item size. A request for pool slot
 * {@code j} only touches items whose index is {@code j} modulo the number of connections, and
 * connection {@code i} only sends slots that are {@code i} modulo that number: two connections never
 * write the same item at the same time, so writes never conflict.
 */
final class Requests {

    static final String TABLE = "bench";
    static final int PER_PARTITION = 50;

    private static final String AUTH = "AWS4-HMAC-SHA256 Credential=x/20260101/us-east-1/dynamodb/aws4_request,"
            + " SignedHeaders=host, Signature=x";
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

    private final String hostHeader;
    private final int items;
    private final int itemSize;
    private final int connections;
    private final String[] paddings;

    Requests(String host, int port, int items, int itemSize, int connections) {
        this.hostHeader = host + ":" + port;
        this.items = items;
        this.itemSize = itemSize;
        this.connections = connections;
        SplittableRandom random = new SplittableRandom(42);
        this.paddings = new String[64];
        for (int i = 0; i < paddings.length; i++) {
            char[] chars = new char[Math.max(1, itemSize - 28)];
            for (int k = 0; k < chars.length; k++) {
                chars[k] = ALPHABET[random.nextInt(ALPHABET.length)];
            }
            paddings[i] = new String(chars);
        }
    }

    int items() {
        return items;
    }

    static String pk(int index) {
        return String.format("p%05d", index / PER_PARTITION);
    }

    static String sk(int index) {
        return String.format("s%03d", index % PER_PARTITION);
    }

    /** An item of about {@code itemSize} bytes as DynamoDB counts them (names plus values). */
    String itemJson(int index, int version) {
        return "{\"pk\":{\"S\":\"" + pk(index) + "\"},\"sk\":{\"S\":\"" + sk(index) + "\"},\"c\":{\"N\":\"0\"},"
                + "\"d\":{\"S\":\"" + paddings[(index + version) % paddings.length] + "\"}}";
    }

    private static String keyJson(int index) {
        return "{\"pk\":{\"S\":\"" + pk(index) + "\"},\"sk\":{\"S\":\"" + sk(index) + "\"}}";
    }

    // ---- bodies ---------------------------------------------------------------------------------

    static String createTable() {
        return "{\"TableName\":\"" + TABLE + "\",\"AttributeDefinitions\":["
                + "{\"AttributeName\":\"pk\",\"AttributeType\":\"S\"},{\"AttributeName\":\"sk\",\"AttributeType\":\"S\"}],"
                + "\"KeySchema\":[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"},{\"AttributeName\":\"sk\",\"KeyType\":\"RANGE\"}],"
                + "\"BillingMode\":\"PAY_PER_REQUEST\"}";
    }

    static String describeTable() {
        return "{\"TableName\":\"" + TABLE + "\"}";
    }

    String get(int index) {
        return "{\"TableName\":\"" + TABLE + "\",\"Key\":" + keyJson(index) + "}";
    }

    String put(int index, int version) {
        return "{\"TableName\":\"" + TABLE + "\",\"Item\":" + itemJson(index, version) + "}";
    }

    String update(int index) {
        return "{\"TableName\":\"" + TABLE + "\",\"Key\":" + keyJson(index) + ","
                + "\"UpdateExpression\":\"SET #c = #c + :one\","
                + "\"ConditionExpression\":\"attribute_exists(pk) AND #c >= :zero\","
                + "\"ExpressionAttributeNames\":{\"#c\":\"c\"},"
                + "\"ExpressionAttributeValues\":{\":one\":{\"N\":\"1\"},\":zero\":{\"N\":\"0\"}}}";
    }

    String query(int partition) {
        return "{\"TableName\":\"" + TABLE + "\",\"KeyConditionExpression\":\"pk = :p\","
                + "\"ExpressionAttributeValues\":{\":p\":{\"S\":\"p" + String.format("%05d", partition) + "\"}},"
                + "\"Limit\":25}";
    }

    String transact(int[] indexes, int version) {
        StringBuilder body = new StringBuilder("{\"TransactItems\":[");
        for (int i = 0; i < indexes.length; i++) {
            body.append(i == 0 ? "" : ",").append("{\"Put\":{\"TableName\":\"").append(TABLE)
                    .append("\",\"Item\":").append(itemJson(indexes[i], version)).append("}}");
        }
        return body.append("]}").toString();
    }

    /** BatchWriteItem of items [from, to). */
    String batchWrite(int from, int to) {
        StringBuilder body = new StringBuilder("{\"RequestItems\":{\"" + TABLE + "\":[");
        for (int i = from; i < to; i++) {
            body.append(i == from ? "" : ",").append("{\"PutRequest\":{\"Item\":").append(itemJson(i, 0)).append("}}");
        }
        return body.append("]}}").toString();
    }

    // ---- pools ----------------------------------------------------------------------------------

    /** A random item index congruent to {@code slot} modulo the number of connections. */
    private int indexFor(int slot, SplittableRandom random) {
        int lane = slot % connections;
        int lanes = (items - lane + connections - 1) / connections;
        return lane + connections * random.nextInt(lanes);
    }

    /**
     * {@code size} ready-to-send requests (direct buffers: release them when done) for an operation;
     * slot j is for connection j % connections.
     */
    ByteBuf[] pool(Op op, int size) {
        size = Math.max(connections, size / connections * connections);
        SplittableRandom random = new SplittableRandom(op.ordinal() * 7919L + 1);
        int partitions = (items + PER_PARTITION - 1) / PER_PARTITION;
        int fullPartitions = Math.max(1, items / PER_PARTITION);
        ByteBuf[] pool = new ByteBuf[size];
        for (int j = 0; j < size; j++) {
            if (op == Op.HEALTH) {
                pool[j] = Unpooled.directBuffer().writeBytes(("GET / HTTP/1.1\r\nHost: " + hostHeader
                        + "\r\nUser-Agent: dynamo-engine-bench\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                continue;
            }
            String body = switch (op) {
                case HEALTH -> throw new AssertionError();
                case GET -> get(indexFor(j, random));
                case PUT -> put(indexFor(j, random), j + 1);
                case UPDATE -> update(indexFor(j, random));
                case QUERY -> query(random.nextInt(Math.min(partitions, fullPartitions)));
                case TRANSACT -> {
                    int[] indexes = new int[4];
                    for (int k = 0; k < 4; k++) {
                        int candidate;
                        do {
                            candidate = indexFor(j, random);
                        } while (contains(indexes, k, candidate));
                        indexes[k] = candidate;
                    }
                    yield transact(indexes, j + 1);
                }
            };
            pool[j] = raw(op.target, body, true);
        }
        return pool;
    }

    private static boolean contains(int[] values, int count, int value) {
        for (int i = 0; i < count; i++) {
            if (values[i] == value) {
                return true;
            }
        }
        return false;
    }

    /** The whole request, headers and body, in one buffer (direct when it will be sent many times). */
    ByteBuf raw(String target, String body, boolean direct) {
        byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST / HTTP/1.1\r\n"
                + "Host: " + hostHeader + "\r\n"
                + "Content-Type: application/x-amz-json-1.0\r\n"
                + "X-Amz-Target: DynamoDB_20120810." + target + "\r\n"
                + "X-Amz-Date: 20260101T000000Z\r\n"
                + "Authorization: " + AUTH + "\r\n"
                + "User-Agent: dynamo-engine-bench\r\n"
                + "Content-Length: " + bodyBytes.length + "\r\n"
                + "\r\n").getBytes(StandardCharsets.US_ASCII);
        ByteBuf buf = direct ? Unpooled.directBuffer(head.length + bodyBytes.length)
                : Unpooled.buffer(head.length + bodyBytes.length);
        return buf.writeBytes(head).writeBytes(bodyBytes);
    }

    static String authorization() {
        return AUTH;
    }

    /** The measured operations: X-Amz-Target suffix, and the smallest body a correct answer can have. */
    enum Op {
        /** The health check, {@code GET /}: no engine work, so it shows the floor of HTTP, Netty and the kernel. */
        HEALTH("", 10),
        GET("GetItem", 1000),
        PUT("PutItem", 0),
        UPDATE("UpdateItem", 0),
        QUERY("Query", 25 * 1000),
        TRANSACT("TransactWriteItems", 0);

        final String target;
        final int minAnswerBytes;

        Op(String target, int minAnswerBytes) {
            this.target = target;
            this.minAnswerBytes = minAnswerBytes;
        }

        String label() {
            return switch (this) {
                case HEALTH -> "health check (GET /)";
                case GET -> "GetItem";
                case PUT -> "PutItem";
                case UPDATE -> "UpdateItem (conditional SET #c = #c + :one)";
                case QUERY -> "Query (Limit 25)";
                case TRANSACT -> "TransactWriteItems (4 Puts)";
            };
        }

        static Op parse(String name) {
            return switch (name.trim().toLowerCase()) {
                case "health" -> HEALTH;
                case "get", "getitem" -> GET;
                case "put", "putitem" -> PUT;
                case "update", "updateitem" -> UPDATE;
                case "query" -> QUERY;
                case "transact", "tx", "transactwriteitems" -> TRANSACT;
                default -> throw new IllegalArgumentException("unknown operation: " + name
                        + " (health, get, put, update, query, transact)");
            };
        }
    }
}
