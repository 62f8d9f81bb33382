package dev.skyport.dynamo.api;

import static dev.skyport.dynamo.api.TableLifecycleIT.table;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.dynamo.DynamoEngine;
import dev.skyport.dynamo.junit.DynamoEngineExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ListTablesResponse;

/** ListTables through the real AWS SDK: names in order, pages, and the SDK's paginator. */
@ExtendWith(DynamoEngineExtension.class)
class ListTablesIT {

    static DynamoEngine engine;
    static DynamoDbClient dynamo;
    static final List<String> NAMES = new ArrayList<>();

    @BeforeAll
    static void start(DynamoEngine started, DynamoDbClient client) {
        engine = started;
        dynamo = client;
        // Created out of order: the answer sorts them.
        for (int i = 104; i >= 0; i--) {
            String name = String.format("table-%03d", i);
            dynamo.createTable(table(name, b -> { }));
            NAMES.add(name);
        }
        NAMES.sort(null);
    }

    @Test
    void answersAtMostOneHundredNamesInOrderByDefault() {
        ListTablesResponse first = dynamo.listTables();
        assertThat(first.tableNames()).containsExactlyElementsOf(NAMES.subList(0, 100));
        assertThat(first.lastEvaluatedTableName()).isEqualTo("table-099");
    }

    @Test
    void continuesAfterTheExclusiveStartTableName() {
        ListTablesResponse page = dynamo.listTables(b -> b.exclusiveStartTableName("table-099"));
        assertThat(page.tableNames()).containsExactly("table-100", "table-101", "table-102", "table-103", "table-104");
        assertThat(page.lastEvaluatedTableName()).isNull();

        ListTablesResponse between = dynamo.listTables(b -> b.exclusiveStartTableName("table-0505").limit(2));
        assertThat(between.tableNames()).containsExactly("table-051", "table-052");
    }

    @Test
    void pagesByLimitWithoutALastNameOnTheFinalPage() {
        ListTablesResponse page = dynamo.listTables(b -> b.limit(3));
        assertThat(page.tableNames()).containsExactly("table-000", "table-001", "table-002");
        assertThat(page.lastEvaluatedTableName()).isEqualTo("table-002");

        ListTablesResponse last = dynamo.listTables(b -> b.exclusiveStartTableName("table-101").limit(3));
        assertThat(last.tableNames()).containsExactly("table-102", "table-103", "table-104");
        assertThat(last.lastEvaluatedTableName()).isNull();
    }

    @Test
    void letsTheSdkPaginatorWalkEveryTable() {
        List<String> all = dynamo.listTablesPaginator(b -> b.limit(7)).tableNames().stream().toList();
        assertThat(all).containsExactlyElementsOf(NAMES);
    }
}
