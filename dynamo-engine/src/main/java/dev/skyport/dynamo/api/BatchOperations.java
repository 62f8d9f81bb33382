package dev.skyport.dynamo.api;

import java.util.Map;

final class BatchOperations {

    private BatchOperations() {
    }

    static void register(Engine engine, Map<String, Operation> operations) {
    }
}
