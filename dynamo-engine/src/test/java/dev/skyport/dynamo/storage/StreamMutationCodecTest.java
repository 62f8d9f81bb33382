package dev.skyport.dynamo.storage;

import static dev.skyport.dynamo.storage.JournalFixtures.everyType;
import static dev.skyport.dynamo.storage.JournalFixtures.item;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyport.dynamo.model.AttributeValue;
import dev.skyport.dynamo.storage.journal.ByteSink;
import dev.skyport.dynamo.storage.journal.ByteSource;
import dev.skyport.dynamo.storage.journal.CorruptDataException;
import dev.skyport.dynamo.storage.journal.MutationCodec;
import dev.skyport.dynamo.stream.StreamRecord;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stream mutations in the journal's binary form: each round-trips exactly, alone and in records. */
class StreamMutationCodecTest {

    private static final String ARN = "arn:aws:dynamodb:us-east-1:000000000000:table/t/stream/2024-01-02T03:04:05.678";
    private static final BigInteger SEQ = new BigInteger("100000000000000000042");

    @TempDir
    Path dir;

    static StreamRecord record(BigInteger sequence, String event, Map<String, AttributeValue> before,
                               Map<String, AttributeValue> after, boolean byService) {
        Map<String, AttributeValue> keys = Map.of("pk", (after != null ? after : before).get("pk"));
        return new StreamRecord(sequence, "0123456789abcdef0123456789abcdef", event, 1_712_345_678_901L, keys,
                before, after, 1234, byService);
    }

    /** One of each kind, with every optional field both present and absent somewhere. */
    static List<Mutation> everyStreamMutation() {
        Map<String, AttributeValue> old = everyType("é ✓");
        Map<String, AttributeValue> now = item("é ✓", "v", 2);
        return List.of(
                new Mutation.StreamCreated(ARN, "t", "2024-01-02T03:04:05.678", "NEW_AND_OLD_IMAGES",
                        new KeySchema("pk", "S", null, null), 1_700_000_000_123L),
                new Mutation.StreamCreated(ARN + "x", "tableé", "label", "KEYS_ONLY",
                        new KeySchema("pk", "S", "sk", "N"), 0),
                new Mutation.ShardOpened(ARN, "shardId-00000001700000000123-0a1b2c3d", null, SEQ, 1_700_000_000_123L),
                new Mutation.ShardOpened(ARN, "shardId-00000001700000009999-ffffffff",
                        "shardId-00000001700000000123-0a1b2c3d", SEQ.add(BigInteger.TEN), 1_700_000_009_999L),
                new Mutation.ShardClosed(ARN, "shardId-00000001700000000123-0a1b2c3d", SEQ.add(BigInteger.TWO)),
                new Mutation.StreamRecordAdded(ARN, "s1", record(SEQ, "INSERT", null, now, false)),
                new Mutation.StreamRecordAdded(ARN, "s1", record(SEQ.add(BigInteger.ONE), "MODIFY", old, now, false)),
                new Mutation.StreamRecordAdded(ARN, "s1", record(SEQ.add(BigInteger.TWO), "REMOVE", old, null, true)),
                new Mutation.StreamRecordAdded(ARN, "s1", new StreamRecord(new BigInteger("9".repeat(40)), "",
                        "SOMETHING_NEW", -1, Map.of(), null, null, Long.MAX_VALUE, false)),
                new Mutation.StreamDisabled(ARN, 1_800_000_000_000L),
                new Mutation.StreamSequence(SEQ.add(BigInteger.valueOf(1_000_000))));
    }

    private static List<Mutation> roundTripRecord(List<Mutation> mutations) {
        ByteSink sink = new ByteSink(64);
        MutationCodec.writeRecord(sink, mutations);
        return MutationCodec.readRecord(new ByteSource(Arrays.copyOf(sink.array(), sink.size())));
    }

    private static int encodedSize(List<Mutation> mutations) {
        ByteSink sink = new ByteSink(64);
        MutationCodec.writeRecord(sink, mutations);
        return sink.size();
    }

    @Test
    void everyStreamMutationRoundTripsInARecord() {
        List<Mutation> mutations = everyStreamMutation();
        assertThat(roundTripRecord(mutations)).isEqualTo(mutations);
    }

    @Test
    void everyStreamMutationRoundTripsAloneAsSnapshotsWriteThem() {
        for (Mutation m : everyStreamMutation()) {
            ByteSink sink = new ByteSink(16);
            MutationCodec.write(sink, m);
            ByteSource in = new ByteSource(Arrays.copyOf(sink.array(), sink.size()));
            int tag = in.readByte();
            assertThat(MutationCodec.isStreamTag(tag)).isTrue();
            assertThat(MutationCodec.read(tag, in)).isEqualTo(m);
            assertThat(in.hasMore()).isFalse();
        }
    }

    @Test
    void aNewImageThatIsThePrecedingPutIsStoredOnce() {
        Map<String, AttributeValue> after = everyType("k");
        Mutation put = new Mutation.PutItem("t", after);
        Mutation shared = new Mutation.StreamRecordAdded(ARN, "s", record(SEQ, "INSERT", null, after, false));
        // An equal image that is not the put's own item is written out in full.
        Mutation copied = new Mutation.StreamRecordAdded(ARN, "s",
                record(SEQ, "INSERT", null, new java.util.LinkedHashMap<>(after), false));

        List<Mutation> replayed = roundTripRecord(List.of(put, new Mutation.ShardClosed(ARN, "a", SEQ), shared));
        assertThat(replayed).isEqualTo(List.of(put, new Mutation.ShardClosed(ARN, "a", SEQ), shared));
        assertThat(((Mutation.StreamRecordAdded) replayed.get(2)).record().newImage())
                .isSameAs(((Mutation.PutItem) replayed.get(0)).item());
        assertThat(roundTripRecord(List.of(put, copied))).isEqualTo(List.of(put, copied));
        assertThat(encodedSize(List.of(put, shared))).isLessThan(encodedSize(List.of(put, copied)) - 100);
    }

    @Test
    void aTransactionsItemsAndRecordsInterleaveInOneRecord() {
        Map<String, AttributeValue> a = item("a", "side", "a");
        Map<String, AttributeValue> b = item("b", "side", "b");
        List<Mutation> tx = List.of(
                new Mutation.PutItem("t", a),
                new Mutation.StreamRecordAdded(ARN, "s", record(SEQ, "INSERT", null, a, false)),
                new Mutation.DeleteItem("t", Map.of("pk", AttributeValue.s("gone"))),
                new Mutation.StreamRecordAdded(ARN, "s", record(SEQ.add(BigInteger.ONE), "REMOVE",
                        item("gone", "x", 1), null, false)),
                new Mutation.PutItem("t", b),
                new Mutation.StreamRecordAdded(ARN, "s", record(SEQ.add(BigInteger.TWO), "INSERT", null, b, false)));
        List<Mutation> replayed = roundTripRecord(tx);
        assertThat(replayed).isEqualTo(tx);
        assertThat(((Mutation.StreamRecordAdded) replayed.get(5)).record().newImage())
                .isSameAs(((Mutation.PutItem) replayed.get(4)).item());
    }

    @Test
    void damageIsReportedNotMisread() {
        ByteSink sink = new ByteSink(64);
        MutationCodec.writeRecord(sink, List.of(new Mutation.StreamRecordAdded(ARN, "s",
                record(SEQ, "INSERT", null, item("k"), false))));
        byte[] bytes = Arrays.copyOf(sink.array(), sink.size());
        for (int cut = 1; cut < bytes.length; cut++) {
            byte[] shorter = Arrays.copyOf(bytes, cut);
            assertThatThrownBy(() -> MutationCodec.readRecord(new ByteSource(shorter)))
                    .isInstanceOf(CorruptDataException.class);
        }
        // A shared new image without a put before it cannot be resolved.
        Map<String, AttributeValue> after = item("k");
        ByteSink shared = new ByteSink(64);
        MutationCodec.writeRecord(shared, List.of(new Mutation.PutItem("t", after),
                new Mutation.StreamRecordAdded(ARN, "s", record(SEQ, "INSERT", null, after, false))));
        ByteSink putOnly = new ByteSink(64);
        MutationCodec.writeRecord(putOnly, List.of(new Mutation.PutItem("t", after)));
        byte[] recordOnly = Arrays.copyOfRange(shared.array(), putOnly.size(), shared.size());
        byte[] withCount = new byte[recordOnly.length + 1];
        withCount[0] = 1;
        System.arraycopy(recordOnly, 0, withCount, 1, recordOnly.length);
        assertThatThrownBy(() -> MutationCodec.readRecord(new ByteSource(withCount)))
                .isInstanceOf(CorruptDataException.class).hasMessageContaining("missing put");
    }

    @Test
    void streamMutationsSurviveTheFileJournalWithItems() {
        List<Mutation> first = new ArrayList<>();
        first.add(new Mutation.DefineTable(JournalFixtures.table("t")));
        first.addAll(everyStreamMutation().subList(0, 4));
        Map<String, AttributeValue> after = everyType("p");
        List<Mutation> second = List.of(new Mutation.PutItem("t", after),
                new Mutation.StreamRecordAdded(ARN, "s", record(SEQ, "INSERT", null, after, false)));
        try (FileJournal journal = FileJournal.open(dir)) {
            journal.replay(m -> {
            });
            journal.append(first);
            journal.append(second).join();
        }
        List<Mutation> replayed = new ArrayList<>();
        try (FileJournal journal = FileJournal.open(dir)) {
            journal.replay(replayed::add);
        }
        List<Mutation> expected = new ArrayList<>(first);
        expected.addAll(second);
        assertThat(replayed).isEqualTo(expected);
    }
}
