package dev.skyport.orders.events.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Identity;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

class RecordCodecTest {

    private final RecordCodec codec = new RecordCodec(64 * 1024);

    private static final Map<String, AttributeValue> KEYS = Map.of(
            "customerId", AttributeValue.fromS("user-1"), "orderId", AttributeValue.fromS("01J0000000000000000000000"));

    private static Record record(Map<String, AttributeValue> newImage, Map<String, AttributeValue> oldImage) {
        return Record.builder().eventID("e-1").eventName(OperationType.MODIFY).eventVersion("1.1")
                .eventSource("aws:dynamodb").awsRegion("eu-west-1")
                .dynamodb(StreamRecord.builder().approximateCreationDateTime(Instant.parse("2026-12-07T06:30:01.250Z"))
                        .keys(KEYS).newImage(newImage).oldImage(oldImage).sequenceNumber("000000000000000000042")
                        .sizeBytes(321L).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES).build())
                .build();
    }

    @Test
    void roundTripsEveryAttributeTypeNestedWithNumbersKeptAsWritten() {
        Map<String, AttributeValue> image = Map.ofEntries(
                Map.entry("total", AttributeValue.fromS("9.90")),
                Map.entry("version", AttributeValue.fromN("12")),
                Map.entry("precise", AttributeValue.fromN("0.1000000000000000000000000000000000001")),
                Map.entry("big", AttributeValue.fromN("1E+125")),
                Map.entry("blob", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {0, -1, 42}))),
                Map.entry("paid", AttributeValue.fromBool(true)),
                Map.entry("note", AttributeValue.fromNul(true)),
                Map.entry("tags", AttributeValue.fromSs(List.of("a", "b"))),
                Map.entry("sizes", AttributeValue.fromNs(List.of("1", "2.50"))),
                Map.entry("blobs", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("x")))),
                Map.entry("empty", AttributeValue.fromL(List.of())),
                Map.entry("lines", AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of(
                        "sku", AttributeValue.fromS("SKU-1"), "quantity", AttributeValue.fromN("2"),
                        "deeper", AttributeValue.fromL(List.of(AttributeValue.fromM(Map.of(
                                "unitPrice", AttributeValue.fromS("4.95")))))))))),
                Map.entry("address", AttributeValue.fromM(Map.of("city", AttributeValue.fromS("London \"SW1\" ✓")))));
        Record original = record(image, Map.of("total", AttributeValue.fromS("9.90"),
                "status", AttributeValue.fromS("PENDING")));

        Record decoded = codec.decode(codec.encode(original).getBytes(StandardCharsets.UTF_8));

        assertThat(decoded).isEqualTo(original);
        assertThat(decoded.dynamodb().newImage().get("precise").n()).isEqualTo("0.1000000000000000000000000000000000001");
    }

    @Test
    void roundTripsARemovalByTimeToLiveWithOnlyItsOldImage() {
        Record removal = Record.builder().eventName(OperationType.REMOVE)
                .dynamodb(StreamRecord.builder().keys(KEYS).oldImage(KEYS).sequenceNumber("7").build())
                .userIdentity(Identity.builder().principalId("dynamodb.amazonaws.com").type("Service").build())
                .build();

        Record decoded = codec.decode(codec.encode(removal).getBytes(StandardCharsets.UTF_8));

        assertThat(decoded).isEqualTo(removal);
        assertThat(decoded.dynamodb().hasNewImage()).isFalse();
    }

    @Test
    void refusesAMessageOverTheSizeBound() {
        byte[] big = ("{\"eventName\": \"" + "x".repeat(64 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> codec.decode(big)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bytes");
    }

    @Test
    void refusesNestingDeeperThanDynamoDbAllows() {
        String value = "{\"S\": \"x\"}";
        for (int i = 0; i < 60; i++) {
            value = "{\"L\": [" + value + "]}";
        }
        byte[] deep = ("{\"dynamodb\": {\"NewImage\": {\"a\": " + value + "}}}").getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> codec.decode(deep)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesMalformedAttributeValues() {
        for (String bad : List.of(
                "not json",
                "[]",
                "{\"dynamodb\": []}",
                "{\"dynamodb\": {\"NewImage\": {\"a\": {}}}}",
                "{\"dynamodb\": {\"NewImage\": {\"a\": {\"S\": \"x\", \"N\": \"1\"}}}}",
                "{\"dynamodb\": {\"NewImage\": {\"a\": {\"N\": 1}}}}",
                "{\"dynamodb\": {\"NewImage\": {\"a\": {\"X\": \"1\"}}}}",
                "{\"dynamodb\": {\"NewImage\": {\"a\": {\"B\": \"*not base64*\"}}}}",
                "{\"dynamodb\": {\"NewImage\": {\"a\": {\"L\": {}}}}}",
                "{\"dynamodb\": {\"Keys\": {\"a\": {\"BOOL\": \"true\"}}}}",
                "{\"dynamodb\": {\"SequenceNumber\": 42}}",
                "{\"dynamodb\": {\"ApproximateCreationDateTime\": \"yesterday\"}}",
                "{\"eventName\": {\"S\": \"MODIFY\"}}")) {
            assertThatThrownBy(() -> codec.decode(bad.getBytes(StandardCharsets.UTF_8))).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
