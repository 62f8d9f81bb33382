package dev.skyport.dynamo.api;

import java.util.Map;

final class TransactionOperations {

    private TransactionOperations() {
    }

    static void register(Engine engine, Map<String, Operation> operations) {
    }
}
