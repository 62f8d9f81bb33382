package dev.skyport.dynamo.api;

import java.util.Map;

final class TableOperations {

    private TableOperations() {
    }

    static void register(Engine engine, Map<String, Operation> operations) {
    }
}
