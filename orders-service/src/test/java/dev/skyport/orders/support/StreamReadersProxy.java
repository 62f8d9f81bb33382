package dev.skyport.orders.support;

import dev.skyport.testsupport.ApiClient;
import dev.skyport.testsupport.RecordingProxy;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * test-support's {@link RecordingProxy} between orders-service instances and the engine, noting for every
 * GetShardIterator and GetRecords call which shard it read and who called: the access key id in the SigV4
 * {@code Authorization} header ({@code Credential=<key>/...}), one per instance. GetRecords names no shard, only an
 * iterator: the proxy learns which shard an iterator belongs to from the answers that handed it out (before the
 * answer reaches the caller, so its next call is always understood).
 */
public final class StreamReadersProxy implements AutoCloseable {

    /** One read of a shard, in the order the proxy saw them. */
    public record Read(String shardId, String reader, String operation) {
    }

    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/,\\s]+)/");

    private final RecordingProxy proxy;
    private final List<Read> reads = new CopyOnWriteArrayList<>();
    private final Map<String, String> shardOfIterator = new ConcurrentHashMap<>();
    private final Set<String> readToTheEnd = ConcurrentHashMap.newKeySet();

    public StreamReadersProxy(URI target) throws IOException {
        proxy = new RecordingProxy(target, this::note);
    }

    public String endpoint() {
        return proxy.endpoint();
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
        proxy.close();
    }

    private void note(RecordingProxy.Exchange exchange) {
        String operation = String.valueOf(exchange.header("X-Amz-Target"));
        if (exchange.status() != 200) {
            return;
        }
        boolean getShardIterator = operation.endsWith(".GetShardIterator");
        boolean getRecords = operation.endsWith(".GetRecords");
        if (!getShardIterator && !getRecords) {
            return;
        }
        Matcher credential = CREDENTIAL.matcher(String.valueOf(exchange.header("Authorization")));
        String reader = credential.find() ? credential.group(1) : "unsigned";
        JsonNode in = ApiClient.JSON.readTree(exchange.requestBody());
        JsonNode out = ApiClient.JSON.readTree(exchange.responseBody());
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
}
