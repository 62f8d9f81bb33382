package dev.skyport.dynamo.api;

import dev.skyport.dynamo.model.DynamoException;
import dev.skyport.dynamo.stream.Shard;
import dev.skyport.dynamo.stream.ShardIterators;
import dev.skyport.dynamo.stream.StreamRecord;
import dev.skyport.dynamo.stream.StreamStore;
import dev.skyport.dynamo.stream.TableStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The DynamoDB Streams API: ListStreams, DescribeStream, GetShardIterator, GetRecords. */
final class StreamOperations {

    private final StreamStore streams;

    private StreamOperations(StreamStore streams) {
        this.streams = streams;
    }

    static void register(Engine engine, Map<String, Operation> operations) {
        StreamOperations ops = new StreamOperations(engine.streams());
        operations.put(DynamoApi.STREAMS + ".ListStreams", (r, c) -> ops.listStreams(r));
        operations.put(DynamoApi.STREAMS + ".DescribeStream", (r, c) -> ops.describeStream(r));
        operations.put(DynamoApi.STREAMS + ".GetShardIterator", (r, c) -> ops.getShardIterator(r));
        operations.put(DynamoApi.STREAMS + ".GetRecords", (r, c) -> ops.getRecords(r));
    }

    Object listStreams(Request request) {
        int limit = request.has("Limit") ? request.integer("Limit") : 100;
        String after = request.string("ExclusiveStartStreamArn");
        List<Map<String, Object>> out = new ArrayList<>();
        String last = null;
        boolean more = false;
        for (TableStream stream : streams.list(request.string("TableName"))) {
            if (after != null && stream.arn().compareTo(after) <= 0) {
                continue;
            }
            if (out.size() == limit) {
                more = true;
                break;
            }
            out.add(Map.of("StreamArn", stream.arn(), "TableName", stream.tableName(), "StreamLabel", stream.label()));
            last = stream.arn();
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("Streams", out);
        if (more) {
            response.put("LastEvaluatedStreamArn", last);
        }
        return response;
    }

    Object describeStream(Request request) {
        TableStream stream = stream(request.string("StreamArn"));
        int limit = request.has("Limit") ? request.integer("Limit") : 100;
        String after = request.string("ExclusiveStartShardId");
        List<Map<String, Object>> shards = new ArrayList<>();
        boolean skipping = after != null;
        String last = null;
        boolean more = false;
        for (Shard shard : stream.shards()) {
            if (skipping) {
                skipping = !shard.id().equals(after);
                continue;
            }
            if (shards.size() == limit) {
                more = true;
                break;
            }
            Map<String, Object> range = new LinkedHashMap<>();
            range.put("StartingSequenceNumber", shard.startingSequence().toString());
            BigInteger end = shard.endingSequence();
            if (end != null) {
                range.put("EndingSequenceNumber", end.toString());
            }
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("ShardId", shard.id());
            s.put("SequenceNumberRange", range);
            if (shard.parentId() != null) {
                s.put("ParentShardId", shard.parentId());
            }
            shards.add(s);
            last = shard.id();
        }
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("StreamArn", stream.arn());
        description.put("StreamLabel", stream.label());
        description.put("StreamStatus", stream.enabled() ? "ENABLED" : "DISABLED");
        description.put("StreamViewType", stream.viewType());
        description.put("CreationRequestDateTime", seconds(stream.createdMillis()));
        description.put("TableName", stream.tableName());
        List<Map<String, Object>> keySchema = new ArrayList<>();
        keySchema.add(Map.of("AttributeName", stream.key().hashName(), "KeyType", "HASH"));
        if (stream.key().hasRange()) {
            keySchema.add(Map.of("AttributeName", stream.key().rangeName(), "KeyType", "RANGE"));
        }
        description.put("KeySchema", keySchema);
        description.put("Shards", shards);
        if (more) {
            description.put("LastEvaluatedShardId", last);
        }
        return Map.of("StreamDescription", description);
    }

    Object getShardIterator(Request request) {
        TableStream stream = stream(request.string("StreamArn"));
        String shardId = request.string("ShardId");
        Shard shard = stream.shard(shardId);
        if (shard == null) {
            throw DynamoException.resourceNotFound("Requested resource not found: Shard does not exist");
        }
        String type = request.string("ShardIteratorType");
        String sequenceNumber = request.string("SequenceNumber");
        BigInteger position = switch (type) {
            case "TRIM_HORIZON" -> shard.startingSequence();
            case "LATEST" -> shard.closed() ? shard.endingSequence().add(BigInteger.ONE) : shard.nextSequence();
            case "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER" -> {
                BigInteger sequence = sequence(sequenceNumber, type);
                if (sequence.compareTo(shard.startingSequence()) < 0
                        || (shard.endingSequence() != null && sequence.compareTo(shard.endingSequence()) > 0)) {
                    throw DynamoException.validation("Invalid SequenceNumber for ShardIterator; SequenceNumber: "
                            + sequenceNumber + " is not in the range of shard " + shardId);
                }
                BigInteger oldest = shard.oldestSequence();
                if (oldest != null && sequence.compareTo(oldest) < 0) {
                    throw DynamoException.dynamo("TrimmedDataAccessException", "The operation attempted to read "
                            + "past the oldest stream record in a shard.");
                }
                yield type.equals("AT_SEQUENCE_NUMBER") ? sequence : sequence.add(BigInteger.ONE);
            }
            default -> throw DynamoException.validation("Invalid ShardIteratorType: " + type);
        };
        if (!type.startsWith("A") && sequenceNumber != null) {
            throw DynamoException.validation("Sequence number must not be specified for ShardIteratorType " + type);
        }
        return Map.of("ShardIterator", ShardIterators.encode(stream.arn(), shardId, position,
                streams.clock().millis()));
    }

    Object getRecords(Request request) {
        ShardIterators.Position iterator = ShardIterators.decode(request.string("ShardIterator"),
                streams.clock().millis());
        TableStream stream = streams.stream(iterator.streamArn());
        Shard shard = stream == null ? null : stream.shard(iterator.shardId());
        if (shard == null) {
            throw DynamoException.resourceNotFound("Requested resource not found: Shard does not exist");
        }
        int limit = request.has("Limit") ? request.integer("Limit") : 1000;
        BigInteger oldest = shard.oldestSequence();
        if (oldest != null && iterator.sequence().compareTo(shard.startingSequence()) > 0
                && iterator.sequence().compareTo(oldest) < 0) {
            throw DynamoException.dynamo("TrimmedDataAccessException",
                    "The operation attempted to read past the oldest stream record in a shard.");
        }
        List<StreamRecord> records = shard.readFrom(iterator.sequence(), limit);
        String region = stream.arn().split(":")[3];
        List<Map<String, Object>> out = new ArrayList<>(records.size());
        for (StreamRecord record : records) {
            out.add(render(record, stream.viewType(), region));
        }
        BigInteger next = records.isEmpty() ? iterator.sequence() : records.getLast().sequence().add(BigInteger.ONE);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("Records", out);
        boolean exhausted = shard.closed() && next.compareTo(shard.endingSequence()) > 0;
        if (!exhausted) {
            response.put("NextShardIterator", ShardIterators.encode(stream.arn(), shard.id(), next,
                    streams.clock().millis()));
        }
        return response;
    }

    private TableStream stream(String arn) {
        TableStream stream = streams.stream(arn);
        if (stream == null) {
            throw DynamoException.resourceNotFound("Requested resource not found: Stream: " + arn + " not found");
        }
        return stream;
    }

    private static BigInteger sequence(String text, String type) {
        if (text == null) {
            throw DynamoException.validation("Must provide SequenceNumber for ShardIteratorType " + type);
        }
        try {
            return new BigInteger(text);
        } catch (NumberFormatException e) {
            throw DynamoException.validation("Invalid SequenceNumber: " + text);
        }
    }

    private static Map<String, Object> render(StreamRecord record, String viewType, String region) {
        Map<String, Object> dynamodb = new LinkedHashMap<>();
        dynamodb.put("ApproximateCreationDateTime", seconds(record.createdMillis() / 1000 * 1000));
        dynamodb.put("Keys", record.keys());
        if (record.newImage() != null && (viewType.equals("NEW_IMAGE") || viewType.equals("NEW_AND_OLD_IMAGES"))) {
            dynamodb.put("NewImage", record.newImage());
        }
        if (record.oldImage() != null && (viewType.equals("OLD_IMAGE") || viewType.equals("NEW_AND_OLD_IMAGES"))) {
            dynamodb.put("OldImage", record.oldImage());
        }
        dynamodb.put("SequenceNumber", record.sequenceNumber());
        dynamodb.put("SizeBytes", record.sizeBytes());
        dynamodb.put("StreamViewType", viewType);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("eventID", record.eventId());
        out.put("eventName", record.eventName());
        out.put("eventVersion", "1.1");
        out.put("eventSource", "aws:dynamodb");
        out.put("awsRegion", region);
        out.put("dynamodb", dynamodb);
        if (record.byService()) {
            out.put("userIdentity", Map.of("PrincipalId", "dynamodb.amazonaws.com", "Type", "Service"));
        }
        return out;
    }

    private static BigDecimal seconds(long millis) {
        return BigDecimal.valueOf(millis, 3);
    }
}
