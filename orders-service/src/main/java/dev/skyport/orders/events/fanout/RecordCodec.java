package dev.skyport.orders.events.fanout;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Identity;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A stream record as JSON for the replicas' Redis channel, in the shape DynamoDB Streams' GetRecords answers
 * with: attribute values in DynamoDB JSON ({@code {"N": "9.90"}}, nested {@code M} and {@code L}, binary as
 * base64), so nothing is lost or rounded. Decoding is bounded (size, nesting) and strict on attribute values:
 * anything else is an {@link IllegalArgumentException}.
 */
public final class RecordCodec {

    // DynamoDB nests documents 32 levels deep; each level is two JSON levels ({"M": {"name": ...}}).
    private static final int MAX_NESTING = 80;

    private final JsonMapper json;
    private final int maxBytes;

    public RecordCodec(int maxBytes) {
        this.maxBytes = maxBytes;
        this.json = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING).maxStringLength(maxBytes).maxDocumentLength(maxBytes).build()).build())
                .build();
    }

    public String encode(Record record) {
        ObjectNode out = json.createObjectNode();
        putIfSet(out, "eventID", record.eventID());
        putIfSet(out, "eventName", record.eventNameAsString());
        putIfSet(out, "eventVersion", record.eventVersion());
        putIfSet(out, "eventSource", record.eventSource());
        putIfSet(out, "awsRegion", record.awsRegion());
        StreamRecord change = record.dynamodb();
        if (change != null) {
            ObjectNode dynamodb = out.putObject("dynamodb");
            if (change.approximateCreationDateTime() != null) {
                dynamodb.put("ApproximateCreationDateTime",
                        BigDecimal.valueOf(change.approximateCreationDateTime().toEpochMilli(), 3));
            }
            if (change.hasKeys()) {
                dynamodb.set("Keys", item(change.keys()));
            }
            if (change.hasNewImage()) {
                dynamodb.set("NewImage", item(change.newImage()));
            }
            if (change.hasOldImage()) {
                dynamodb.set("OldImage", item(change.oldImage()));
            }
            putIfSet(dynamodb, "SequenceNumber", change.sequenceNumber());
            if (change.sizeBytes() != null) {
                dynamodb.put("SizeBytes", change.sizeBytes());
            }
            putIfSet(dynamodb, "StreamViewType", change.streamViewTypeAsString());
        }
        if (record.userIdentity() != null) {
            ObjectNode identity = out.putObject("userIdentity");
            putIfSet(identity, "PrincipalId", record.userIdentity().principalId());
            putIfSet(identity, "Type", record.userIdentity().type());
        }
        return json.writeValueAsString(out);
    }

    public Record decode(byte[] message) {
        if (message.length > maxBytes) {
            throw new IllegalArgumentException("record of " + message.length + " bytes, over " + maxBytes);
        }
        JsonNode in;
        try {
            in = json.readTree(message);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        object(in, "record");
        Record.Builder record = Record.builder().eventID(text(in, "eventID")).eventName(text(in, "eventName"))
                .eventVersion(text(in, "eventVersion")).eventSource(text(in, "eventSource"))
                .awsRegion(text(in, "awsRegion"));
        JsonNode dynamodb = in.get("dynamodb");
        if (dynamodb != null) {
            object(dynamodb, "dynamodb");
            StreamRecord.Builder change = StreamRecord.builder().sequenceNumber(text(dynamodb, "SequenceNumber"))
                    .streamViewType(text(dynamodb, "StreamViewType"));
            JsonNode created = dynamodb.get("ApproximateCreationDateTime");
            if (created != null) {
                if (!created.isNumber()) {
                    throw new IllegalArgumentException("ApproximateCreationDateTime is not a number");
                }
                change.approximateCreationDateTime(Instant.ofEpochMilli(
                        created.decimalValue().movePointRight(3).longValue()));
            }
            JsonNode size = dynamodb.get("SizeBytes");
            if (size != null) {
                if (!size.canConvertToLong()) {
                    throw new IllegalArgumentException("SizeBytes is not an integer");
                }
                change.sizeBytes(size.longValue());
            }
            if (dynamodb.has("Keys")) {
                change.keys(item(dynamodb.get("Keys")));
            }
            if (dynamodb.has("NewImage")) {
                change.newImage(item(dynamodb.get("NewImage")));
            }
            if (dynamodb.has("OldImage")) {
                change.oldImage(item(dynamodb.get("OldImage")));
            }
            record.dynamodb(change.build());
        }
        JsonNode identity = in.get("userIdentity");
        if (identity != null) {
            object(identity, "userIdentity");
            record.userIdentity(Identity.builder().principalId(text(identity, "PrincipalId"))
                    .type(text(identity, "Type")).build());
        }
        return record.build();
    }

    private ObjectNode item(Map<String, AttributeValue> item) {
        ObjectNode out = json.createObjectNode();
        item.forEach((name, value) -> out.set(name, value(value)));
        return out;
    }

    private JsonNode value(AttributeValue value) {
        ObjectNode out = json.createObjectNode();
        switch (value.type()) {
            case S -> out.put("S", value.s());
            case N -> out.put("N", value.n());
            case B -> out.put("B", value.b().asByteArray());
            case BOOL -> out.put("BOOL", value.bool());
            case NUL -> out.put("NULL", true);
            case SS -> strings(out.putArray("SS"), value.ss());
            case NS -> strings(out.putArray("NS"), value.ns());
            case BS -> {
                ArrayNode binaries = out.putArray("BS");
                value.bs().forEach(b -> binaries.add(b.asByteArray()));
            }
            case M -> out.set("M", item(value.m()));
            case L -> {
                ArrayNode elements = out.putArray("L");
                value.l().forEach(element -> elements.add(value(element)));
            }
            case UNKNOWN_TO_SDK_VERSION -> throw new IllegalArgumentException("an attribute value of no known type");
        }
        return out;
    }

    private Map<String, AttributeValue> item(JsonNode in) {
        object(in, "item");
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        in.properties().forEach(entry -> item.put(entry.getKey(), value(entry.getValue())));
        return item;
    }

    private AttributeValue value(JsonNode in) {
        object(in, "attribute value");
        if (in.size() != 1) {
            throw new IllegalArgumentException("an attribute value has exactly one type, not " + in.size());
        }
        Map.Entry<String, JsonNode> typed = in.properties().iterator().next();
        JsonNode v = typed.getValue();
        return switch (typed.getKey()) {
            case "S" -> AttributeValue.fromS(string(v));
            case "N" -> AttributeValue.fromN(string(v));
            case "B" -> AttributeValue.fromB(SdkBytes.fromByteArray(binary(v)));
            case "BOOL" -> AttributeValue.fromBool(bool(v));
            case "NULL" -> AttributeValue.fromNul(bool(v));
            case "SS" -> AttributeValue.fromSs(list(v, this::string));
            case "NS" -> AttributeValue.fromNs(list(v, this::string));
            case "BS" -> AttributeValue.fromBs(list(v, element -> SdkBytes.fromByteArray(binary(element))));
            case "M" -> AttributeValue.fromM(item(v));
            case "L" -> AttributeValue.fromL(list(v, this::value));
            default -> throw new IllegalArgumentException("unknown attribute value type " + typed.getKey());
        };
    }

    private <T> List<T> list(JsonNode in, Function<JsonNode, T> element) {
        if (!in.isArray()) {
            throw new IllegalArgumentException("expected an array");
        }
        List<T> out = new ArrayList<>(in.size());
        for (JsonNode node : in) {
            out.add(element.apply(node));
        }
        return out;
    }

    private String string(JsonNode in) {
        if (!in.isString()) {
            throw new IllegalArgumentException("expected a string");
        }
        return in.asString();
    }

    private byte[] binary(JsonNode in) {
        try {
            return java.util.Base64.getDecoder().decode(string(in));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected base64");
        }
    }

    private static boolean bool(JsonNode in) {
        if (!in.isBoolean()) {
            throw new IllegalArgumentException("expected true or false");
        }
        return in.booleanValue();
    }

    private static void object(JsonNode in, String what) {
        if (!in.isObject()) {
            throw new IllegalArgumentException(what + " is not an object");
        }
    }

    private static String text(JsonNode in, String name) {
        JsonNode value = in.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw new IllegalArgumentException(name + " is not a string");
        }
        return value.asString();
    }

    private static void putIfSet(ObjectNode out, String name, String value) {
        if (value != null) {
            out.put(name, value);
        }
    }

    private static void strings(ArrayNode out, List<String> values) {
        values.forEach(out::add);
    }
}
