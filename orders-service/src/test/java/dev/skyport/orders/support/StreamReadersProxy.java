package dev.skyport.orders.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * A loopback HTTP proxy between orders-service instances and the engine that notes, for every GetShardIterator
 * and GetRecords call, which shard it read and who called: the access key id in the SigV4 {@code Authorization}
 * header ({@code Credential=<key>/...}), one per instance. GetRecords names no shard, only an iterator: the
 * proxy learns which shard an iterator belongs to from the answers that handed it out.
 */
public final class StreamReadersProxy implements AutoCloseable {

    /** One read of a shard, in the order the proxy saw them. */
    public record Read(String shardId, String reader, String operation) {
    }

    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/,\\s]+)/");
    private static final Set<String> HOP_BY_HOP = Set.of("host", "connection", "content-length", "expect", "upgrade",
            "transfer-encoding", "keep-alive");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final HttpServer server;
    private final URI target;
    private final List<Read> reads = new CopyOnWriteArrayList<>();
    private final Map<String, String> shardOfIterator = new ConcurrentHashMap<>();
    private final Set<String> readToTheEnd = ConcurrentHashMap.newKeySet();

    public StreamReadersProxy(URI target) throws IOException {
        this.target = target;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::forward);
        server.start();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Read> reads() {
        return List.copyOf(reads);
    }

    /** Shards some instance read to their end (a GetRecords answer without a next iterator). */
    public Set<String> readToTheEnd() {
        return Set.copyOf(readToTheEnd);
    }

    /** Per shard, the distinct instances that read it, in the order they first did. */
    public Map<String, Set<String>> readersPerShard() {
        Map<String, Set<String>> readers = new LinkedHashMap<>();
        reads.forEach(read -> readers.computeIfAbsent(read.shardId(), id -> new LinkedHashSet<>()).add(read.reader()));
        return readers;
    }

    /**
     * Per shard, the readers in turn: consecutive reads by the same instance collapsed, so [a, b] is a handover
     * from a to b and [a, b, a, b] is two instances reading the shard at the same time.
     */
    public Map<String, List<String>> turnsPerShard() {
        Map<String, List<String>> turns = new LinkedHashMap<>();
        for (Read read : reads) {
            List<String> list = turns.computeIfAbsent(read.shardId(), id -> new ArrayList<>());
            if (list.isEmpty() || !list.getLast().equals(read.reader())) {
                list.add(read.reader());
            }
        }
        return turns;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void forward(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String operation = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
        HttpRequest.Builder forward = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                .timeout(Duration.ofSeconds(30))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase())) {
                values.forEach(value -> forward.header(name, value));
            }
        });
        try {
            HttpResponse<byte[]> answer = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (answer.statusCode() == 200) {
                note(operation, exchange.getRequestHeaders().getFirst("Authorization"), body, answer.body());
            }
            answer.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase()) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            respond(exchange, answer.statusCode(), answer.body());
        } catch (IOException e) {
            respond(exchange, 502, new byte[0]);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            respond(exchange, 502, new byte[0]);
        }
    }

    private void note(String operation, String authorization, byte[] request, byte[] response) {
        boolean getShardIterator = operation.endsWith(".GetShardIterator");
        boolean getRecords = operation.endsWith(".GetRecords");
        if (!getShardIterator && !getRecords) {
            return;
        }
        Matcher credential = CREDENTIAL.matcher(String.valueOf(authorization));
        String reader = credential.find() ? credential.group(1) : "unsigned";
        JsonNode in = Api.JSON.readTree(request);
        JsonNode out = Api.JSON.readTree(response);
        String shardId = getShardIterator ? in.path("ShardId").asString()
                : shardOfIterator.getOrDefault(in.path("ShardIterator").asString(), "unknown");
        String next = getShardIterator ? out.path("ShardIterator").asString(null)
                : out.path("NextShardIterator").asString(null);
        if (next != null) {
            shardOfIterator.put(next, shardId);
        } else if (getRecords) {
            readToTheEnd.add(shardId);
        }
        reads.add(new Read(shardId, reader, getShardIterator ? "GetShardIterator" : "GetRecords"));
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        try (OutputStream out = exchange.getResponseBody()) {
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                out.write(body);
            }
        }
    }
}
