package dev.skyport.dynamo.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.dynamo.DynamoEngine;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

class RegisteredDynamoEngineExtensionTest {

    @RegisterExtension
    static DynamoEngineExtension engine = DynamoEngineExtension.inMemory();

    @Test
    void exposesTheRunningEngine(DynamoDbClient dynamo) {
        assertThat(engine.endpoint()).isEqualTo(engine.engine().endpoint());
        assertThat(dynamo.listTables().tableNames()).isEmpty();
    }

    @Nested
    class Inner {
        @Test
        void sharesTheEnclosingClassEngine(DynamoEngine inner) {
            assertThat(inner).isSameAs(engine.engine());
        }
    }
}
