package dev.skyport.dynamo.junit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class RecordingDynamoEngineExtensionTest {

    private static final Path RECORD = Path.of("target", "access-records", "extension.jsonl");

    @RegisterExtension
    static DynamoEngineExtension engine = DynamoEngineExtension.recordingAccess(RECORD);

    @Test
    void recordsTheCallsOfTheTestsClients(DynamoDbClient dynamo) throws IOException {
        dynamo.listTables();

        assertThat(Files.readAllLines(RECORD)).anySatisfy(line -> assertThat(line).contains("\"operation\":\"ListTables\""));
    }
}
