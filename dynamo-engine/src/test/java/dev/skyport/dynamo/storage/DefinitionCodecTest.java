package dev.skyport.dynamo.storage;

import static dev.skyport.dynamo.storage.JournalFixtures.fullHistory;
import static dev.skyport.dynamo.storage.JournalFixtures.fullTable;
import static dev.skyport.dynamo.storage.JournalFixtures.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyport.dynamo.storage.TableHistory.ThroughputHistory;
import dev.skyport.dynamo.storage.journal.CorruptDataException;
import dev.skyport.dynamo.storage.journal.DefinitionCodec;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Table definitions as the journal writes them, with the table's history nested in each. */
class DefinitionCodecTest {

    private static TableDefinition roundTrip(TableDefinition definition) {
        return DefinitionCodec.decode(DefinitionCodec.encode(definition));
    }

    private static TableDefinition decode(String json) {
        return DefinitionCodec.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A definition as the version before the history was journaled wrote it. */
    private static String withoutHistory(String billingMode) {
        return """
                {"name":"old","tableId":"id-old","arn":"arn:aws:dynamodb:us-east-1:000000000000:table/old",\
                "createdMillis":1700000000000,"status":"ACTIVE",\
                "key":{"hashName":"pk","hashType":"S","rangeName":null,"rangeType":null},\
                "attributeDefinitions":{"pk":"S"},"globalIndexes":[],"localIndexes":[],\
                "billingMode":"%s","readCapacity":5,"writeCapacity":5,"streamViewType":null,\
                "streamLabel":null,"ttlAttribute":null,"ttlStatus":"DISABLED","tags":{},\
                "deletionProtection":false,"tableClass":null}""".formatted(billingMode);
    }

    @Test
    void everyHistoryFieldRoundTrips() {
        TableDefinition full = fullTable("orders");

        TableDefinition back = roundTrip(full);

        assertThat(back).isEqualTo(full);
        TableHistory history = back.history();
        assertThat(history).isEqualTo(fullHistory());
        assertThat(history.table()).isEqualTo(new ThroughputHistory(1_712_345_680_000L, 1_712_345_690_123L, 3));
        assertThat(history.index("by-gsi")).isEqualTo(new ThroughputHistory(null, 1_712_345_700_000L, 1));
        assertThat(history.index("all")).isEqualTo(new ThroughputHistory(1_712_345_710_000L, null, 0));
        assertThat(history.payPerRequestSinceMillis()).isEqualTo(1_712_345_600_000L);
        assertThat(history.tableClassUpdatedMillis()).isEqualTo(1_712_345_650_000L);
        assertThat(history.maxReadRequestUnits()).isEqualTo(4_000L);
        assertThat(history.maxWriteRequestUnits()).isEqualTo(9_000L);
        assertThat(history.warmRead()).isEqualTo(15_000L);
        assertThat(history.warmWrite()).isEqualTo(5_000L);
        assertThat(history.kmsKeyArn()).startsWith("arn:aws:kms:eu-west-1:123456789012:key/");
    }

    @Test
    void anEmptyHistoryRoundTrips() {
        TableDefinition plain = table("plain");
        TableHistory empty = new TableHistory(ThroughputHistory.NONE, Map.of(), null, null, null, null, null, null,
                null);
        // Not what a new on-demand table gets (that one knows since when it is on demand): must not read as it.
        TableDefinition cleared = withHistory(plain, empty);

        assertThat(roundTrip(plain)).isEqualTo(plain);
        assertThat(roundTrip(cleared).history()).isEqualTo(empty);
    }

    @Test
    void aDefinitionWithoutHistoryReadsAsANewTableOfItsBillingMode() {
        TableDefinition onDemand = decode(withoutHistory("PAY_PER_REQUEST"));
        TableDefinition provisioned = decode(withoutHistory("PROVISIONED"));

        assertThat(onDemand.history()).isEqualTo(TableHistory.initial("PAY_PER_REQUEST", 1_700_000_000_000L));
        assertThat(onDemand.history().payPerRequestSinceMillis()).isEqualTo(1_700_000_000_000L);
        assertThat(provisioned.history()).isEqualTo(TableHistory.initial("PROVISIONED", 1_700_000_000_000L));
        assertThat(provisioned.history().payPerRequestSinceMillis()).isNull();
        assertThat(provisioned.history().table()).isEqualTo(ThroughputHistory.NONE);
        assertThat(provisioned.history().indexes()).isEmpty();
    }

    @Test
    void missingHistoryFieldsReadAsUnset() {
        String json = withoutHistory("PROVISIONED").replace("\"tableClass\":null}",
                "\"tableClass\":null,\"history\":{\"table\":{\"lastDecreaseMillis\":1700000001000},"
                        + "\"kmsKeyArn\":\"arn:aws:kms:us-east-1:000000000000:key/k\"}}");

        TableHistory history = decode(json).history();

        assertThat(history.table()).isEqualTo(new ThroughputHistory(null, 1_700_000_001_000L, 0));
        assertThat(history.indexes()).isEmpty();
        assertThat(history.payPerRequestSinceMillis()).isNull();
        assertThat(history.maxReadRequestUnits()).isNull();
        assertThat(history.kmsKeyArn()).isEqualTo("arn:aws:kms:us-east-1:000000000000:key/k");
    }

    @Test
    void theSameHistoryAlwaysEncodesToTheSameBytes() {
        Map<String, ThroughputHistory> forward = new LinkedHashMap<>();
        Map<String, ThroughputHistory> backward = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            forward.put("index-" + i, new ThroughputHistory((long) i, null, i));
            backward.put("index-" + (19 - i), new ThroughputHistory((long) (19 - i), null, 19 - i));
        }
        TableDefinition a = withHistory(table("t"), new TableHistory(ThroughputHistory.NONE, forward,
                null, null, null, null, null, null, null));
        TableDefinition b = withHistory(table("t"), new TableHistory(ThroughputHistory.NONE, backward,
                null, null, null, null, null, null, null));

        assertThat(DefinitionCodec.encode(a)).isEqualTo(DefinitionCodec.encode(b));
    }

    @Test
    void aMalformedHistoryIsCorruptData() {
        String json = withoutHistory("PROVISIONED").replace("\"tableClass\":null}",
                "\"tableClass\":null,\"history\":{\"table\":{\"decreasesToday\":\"three\"}}}");

        assertThatThrownBy(() -> decode(json)).isInstanceOf(CorruptDataException.class);
    }

    /** {@code d} with another history, every other field kept. */
    private static TableDefinition withHistory(TableDefinition d, TableHistory history) {
        return new TableDefinition(d.name(), d.tableId(), d.arn(), d.createdMillis(), d.status(), d.key(),
                d.attributeDefinitions(), d.globalIndexes(), d.localIndexes(), d.billingMode(), d.readCapacity(),
                d.writeCapacity(), d.streamViewType(), d.streamLabel(), d.ttlAttribute(), d.ttlStatus(), d.tags(),
                d.deletionProtection(), d.tableClass(), history);
    }
}
