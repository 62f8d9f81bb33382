package dev.skyport.dynamo.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyport.dynamo.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessRecorderTest {

    @TempDir
    Path dir;

    private static List<Object> lines(Path file) throws IOException {
        return Files.readAllLines(file).stream().map(Json::parseText).toList();
    }

    @Test
    void writesEachKeyOperationAndResourceOnce() throws IOException {
        Path file = dir.resolve("sub/access.jsonl");
        try (AccessRecorder recorder = AccessRecorder.open(file, 100)) {
            for (int i = 0; i < 3; i++) {
                recorder.record("users", "GetItem", List.of(new Access(null, "arn:t/users")));
                recorder.record("orders", "GetItem", List.of(new Access(null, "arn:t/users")));
                recorder.record("users", "TransactWriteItems",
                        List.of(new Access("Put", "arn:t/users"), new Access("ConditionCheck", "arn:t/emails")));
            }
        }

        assertThat(lines(file)).containsExactly(
                Map.of("accessKeyId", "users", "operation", "GetItem", "resource", "arn:t/users"),
                Map.of("accessKeyId", "orders", "operation", "GetItem", "resource", "arn:t/users"),
                Map.of("accessKeyId", "users", "operation", "TransactWriteItems", "part", "Put", "resource", "arn:t/users"),
                Map.of("accessKeyId", "users", "operation", "TransactWriteItems", "part", "ConditionCheck",
                        "resource", "arn:t/emails"));
    }

    @Test
    void stopsGrowingAtItsCapAndSaysSo() throws IOException {
        Path file = dir.resolve("access.jsonl");
        try (AccessRecorder recorder = AccessRecorder.open(file, 2)) {
            for (int i = 0; i < 1000; i++) {
                recorder.record("key-" + i, "GetItem", List.of(new Access(null, "arn:t/x")));
            }
        }

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(3);
        assertThat(lines.getLast()).isEqualTo("{\"event\":\"truncated\",\"maxEntries\":2}");
    }

    @Test
    void cutsAnOversizedAccessKeyId() throws IOException {
        Path file = dir.resolve("access.jsonl");
        try (AccessRecorder recorder = AccessRecorder.open(file, 10)) {
            recorder.record("A".repeat(100_000), "GetItem", List.of(new Access(null, "arn:t/x")));
            recorder.record("A".repeat(100_001), "GetItem", List.of(new Access(null, "arn:t/x")));
        }

        assertThat(Files.size(file)).isLessThan(2 * AccessRecorder.MAX_VALUE_CHARS);
        assertThat(lines(file)).hasSize(1);
    }

    @Test
    void recordsARequestWithoutCredentialsUnderNull() throws IOException {
        Path file = dir.resolve("access.jsonl");
        try (AccessRecorder recorder = AccessRecorder.open(file, 10)) {
            recorder.record(null, "ListTables", List.of(new Access(null, "*")));
        }

        assertThat(Files.readString(file)).isEqualTo("{\"accessKeyId\":null,\"operation\":\"ListTables\",\"resource\":\"*\"}\n");
    }

    @Test
    void refusesAFileItCannotWrite() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("file"), "x");

        assertThatThrownBy(() -> AccessRecorder.open(notADirectory.resolve("access.jsonl"), 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot write the access record");
    }
}
