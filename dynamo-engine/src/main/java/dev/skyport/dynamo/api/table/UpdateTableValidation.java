package dev.skyport.dynamo.api.table;

import static dev.skyport.dynamo.api.table.ControlPlane.INVALID;
import static dev.skyport.dynamo.api.table.Schemas.map;
import static dev.skyport.dynamo.api.table.Schemas.maps;
import static dev.skyport.dynamo.api.table.Schemas.number;
import static dev.skyport.dynamo.api.table.Schemas.string;
import static dev.skyport.dynamo.api.table.TableDescriptions.PAY_PER_REQUEST;
import static dev.skyport.dynamo.api.table.TableDescriptions.PROVISIONED;

import dev.skyport.dynamo.api.Request;
import dev.skyport.dynamo.model.DynamoException;
import dev.skyport.dynamo.storage.IndexDefinition;
import dev.skyport.dynamo.storage.TableDefinition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * UpdateTable's checks, with the service's messages: first of the request alone, then against the
 * table as it is. Nothing here changes the table.
 */
final class UpdateTableValidation {

    /** The members that make an UpdateTable call do something, in the order the service lists them. */
    private static final List<String> CHANGES = List.of("ProvisionedThroughput", "BillingMode", "UpdateStreamEnabled",
            "GlobalSecondaryIndexUpdates", "SSESpecification", "ReplicaUpdates", "MultiAccountReplicaReady",
            "ReplicaTransitRoleArn", "MultiRegionConsistency", "DeletionProtectionEnabled", "OnDemandThroughput",
            "WarmThroughput", "TableClass");

    private UpdateTableValidation() {
    }

    /** One GlobalSecondaryIndexUpdate, reduced to its single action. */
    record IndexUpdate(String action, String indexName, Map<String, Object> body) {
    }

    /** A request that passed every check: its index updates and the billing mode it leaves the table in. */
    record Checked(List<IndexUpdate> indexUpdates, boolean onDemand, boolean toOnDemand, boolean toProvisioned) {
    }

    /** Checks what can be checked without the table; returns the request's index updates. */
    static List<IndexUpdate> checkRequest(Request request) {
        String billingMode = request.string("BillingMode");
        Map<String, Object> throughput = request.map("ProvisionedThroughput");
        Map<String, Object> stream = request.map("StreamSpecification");

        checkSomethingChanges(request);
        if (PROVISIONED.equals(billingMode) && throughput == null) {
            throw DynamoException.validation(INVALID
                    + "ProvisionedThroughput must be specified when BillingMode is PROVISIONED");
        }
        if (PAY_PER_REQUEST.equals(billingMode) && throughput != null) {
            throw neitherCapacity();
        }
        if (throughput != null) {
            Schemas.checkCapacityBounds(throughput, "");
        }
        List<IndexUpdate> indexUpdates = indexUpdates(request);
        checkExclusiveChanges(request, indexUpdates);
        checkStreamRequest(stream);
        return indexUpdates;
    }

    /** Checks the request against the table's current {@code definition}. */
    static Checked checkAgainst(Request request, List<IndexUpdate> indexUpdates, TableDefinition definition) {
        String billingMode = request.string("BillingMode");
        Map<String, Object> throughput = request.map("ProvisionedThroughput");
        String tableMode = definition.billingMode();
        boolean onDemand = PAY_PER_REQUEST.equals(billingMode != null ? billingMode : tableMode);
        boolean toOnDemand = onDemand && !PAY_PER_REQUEST.equals(tableMode);
        boolean toProvisioned = !onDemand && PAY_PER_REQUEST.equals(tableMode);

        if (throughput != null && onDemand) {
            throw neitherCapacity();
        }
        checkStreamState(request.map("StreamSpecification"), definition);
        checkOnDemandLimits(request.map("OnDemandThroughput"), onDemand);
        checkIndexUpdates(indexUpdates, request, definition, onDemand);
        if (toProvisioned) {
            checkEveryIndexGetsThroughput(indexUpdates, definition);
        }
        if (throughput != null && !toProvisioned) {
            checkThroughputChanges(throughput, definition);
        }
        return new Checked(indexUpdates, onDemand, toOnDemand, toProvisioned);
    }

    private static DynamoException neitherCapacity() {
        return DynamoException.validation(INVALID
                + "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
    }

    /** "At least one of ..." names every change member the request lacks. */
    private static void checkSomethingChanges(Request request) {
        List<Object> indexUpdates = request.list("GlobalSecondaryIndexUpdates");
        boolean changes = request.has("ProvisionedThroughput") || request.has("BillingMode")
                || request.has("StreamSpecification") || (indexUpdates != null && !indexUpdates.isEmpty())
                || request.has("SSESpecification") || request.has("ReplicaUpdates")
                || request.has("MultiAccountReplicaReady") || request.has("ReplicaTransitRoleArn")
                || request.has("DeletionProtectionEnabled") || request.has("OnDemandThroughput")
                || request.has("WarmThroughput") || request.has("TableClass");
        if (changes) {
            return;
        }
        List<String> missing = CHANGES.stream().filter(m -> !request.has(m)).toList();
        String names = missing.size() == 1 ? missing.getFirst()
                : String.join(", ", missing.subList(0, missing.size() - 1)) + " or " + missing.getLast();
        throw DynamoException.validation("At least one of " + names + " is required");
    }

    private static List<IndexUpdate> indexUpdates(Request request) {
        List<IndexUpdate> updates = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Map<String, Object> update : maps(request.list("GlobalSecondaryIndexUpdates"))) {
            List<String> actions = new ArrayList<>();
            for (String action : List.of("Update", "Create", "Delete")) {
                if (update.get(action) != null) {
                    actions.add(action);
                }
            }
            if (actions.isEmpty()) {
                throw DynamoException.validation(INVALID + "One of GlobalSecondaryIndexUpdate.Update, "
                        + "GlobalSecondaryIndexUpdate.Create, GlobalSecondaryIndexUpdate.Delete must not be null");
            }
            if (actions.size() > 1) {
                throw DynamoException.validation(INVALID
                        + "Only one global secondary index action is allowed per GlobalSecondaryIndexUpdate object");
            }
            Map<String, Object> body = map(update, actions.getFirst());
            String indexName = string(body, "IndexName");
            if (!names.add(indexName)) {
                throw DynamoException.validation(INVALID
                        + "Only one global secondary index update per index is allowed simultaneously. Index: "
                        + indexName);
            }
            if (actions.getFirst().equals("Update") && map(body, "ProvisionedThroughput") != null) {
                Schemas.checkCapacityBounds(map(body, "ProvisionedThroughput"), " for index " + indexName);
            }
            updates.add(new IndexUpdate(actions.getFirst(), indexName, body));
        }
        return updates;
    }

    /** Some changes must come alone; some pairs cannot be combined. */
    private static void checkExclusiveChanges(Request request, List<IndexUpdate> indexUpdates) {
        boolean throughput = request.has("ProvisionedThroughput");
        boolean stream = request.has("StreamSpecification");
        boolean createOrDelete = indexUpdates.stream().anyMatch(u -> !u.action().equals("Update"));
        List<String> present = new ArrayList<>();
        for (String member : List.of("ProvisionedThroughput", "BillingMode", "StreamSpecification", "SSESpecification",
                "DeletionProtectionEnabled", "OnDemandThroughput", "WarmThroughput", "TableClass")) {
            if (request.has(member)) {
                present.add(member);
            }
        }
        int changes = present.size() + (indexUpdates.isEmpty() ? 0 : 1);
        if (request.has("SSESpecification") && changes > 1) {
            throw DynamoException.validation(INVALID
                    + "Server-Side Encryption modification must be the only operation in the request");
        }
        if (request.has("TableClass") && changes > 1) {
            throw DynamoException.validation(INVALID
                    + "TableClass modification must be the only operation in the request");
        }
        if (request.has("DeletionProtectionEnabled") && changes > 1) {
            throw DynamoException.validation(INVALID
                    + "DeletionProtection modification must be the only operation in the request");
        }
        boolean beyondBilling = !indexUpdates.isEmpty()
                || present.stream().anyMatch(m -> !m.equals("OnDemandThroughput") && !m.equals("BillingMode"));
        if (request.has("OnDemandThroughput") && beyondBilling) {
            throw DynamoException.validation(INVALID
                    + "OnDemandThroughput can only be combined with BillingMode in an UpdateTable request");
        }
        if (stream && throughput) {
            throw DynamoException.validation(INVALID + "You cannot modify stream status while updating table IOPS");
        }
        if (createOrDelete && throughput) {
            throw DynamoException.validation(INVALID + "You cannot create or delete index while updating table IOPS");
        }
        if (createOrDelete && stream) {
            throw DynamoException.validation(INVALID
                    + "You cannot create or delete index while changing stream status");
        }
    }

    private static void checkStreamRequest(Map<String, Object> stream) {
        if (stream == null) {
            return;
        }
        boolean enable = Boolean.TRUE.equals(stream.get("StreamEnabled"));
        boolean viewType = stream.get("StreamViewType") != null;
        if (enable && !viewType) {
            throw DynamoException.validation(INVALID + "If stream is being enabled then UpdateViewType is required");
        }
        if (!enable && viewType) {
            throw DynamoException.validation(INVALID
                    + "If stream is being disabled, then UpdateViewType must not be specified");
        }
    }

    private static void checkStreamState(Map<String, Object> stream, TableDefinition definition) {
        if (stream == null) {
            return;
        }
        boolean enable = Boolean.TRUE.equals(stream.get("StreamEnabled"));
        if (enable && definition.streamEnabled()) {
            throw DynamoException.validation("Table already has an enabled stream: TableName: " + definition.name());
        }
        if (!enable && !definition.streamEnabled()) {
            throw DynamoException.validation("Table has no stream to disable: TableName: " + definition.name());
        }
    }

    private static void checkOnDemandLimits(Map<String, Object> limits, boolean onDemand) {
        if (limits == null) {
            return;
        }
        for (String member : List.of("MaxReadRequestUnits", "MaxWriteRequestUnits")) {
            if (!onDemand && number(limits, member) != null) {
                throw DynamoException.validation(INVALID + member
                        + " for OnDemandThroughput cannot be specified when the table BillingMode is PROVISIONED");
            }
        }
        for (String member : List.of("MaxReadRequestUnits", "MaxWriteRequestUnits")) {
            Long value = number(limits, member);
            if (value != null && (value == 0 || value < -1)) {
                throw DynamoException.validation(INVALID + "Requested " + member
                        + " for OnDemandThroughput for table is outside of valid range");
            }
        }
    }

    private static void checkIndexUpdates(List<IndexUpdate> updates, Request request, TableDefinition definition,
                                          boolean onDemand) {
        long createsOrDeletes = updates.stream().filter(u -> !u.action().equals("Update")).count();
        if (updates.size() > 5 || createsOrDeletes > 1) {
            throw DynamoException.dynamo("LimitExceededException",
                    "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table");
        }
        for (IndexUpdate update : updates) {
            IndexDefinition existing = definition.index(update.indexName());
            switch (update.action()) {
                case "Update" -> checkIndexThroughputUpdate(update, existing, definition, onDemand);
                case "Create" -> {
                    if (existing != null) {
                        throw DynamoException.validation("Attempting to create an index which already exists");
                    }
                    if (!request.has("AttributeDefinitions")) {
                        throw DynamoException.validation(INVALID + "AttributeDefinitions is not specified for index: "
                                + update.indexName());
                    }
                    List<String> defined = List.copyOf(
                            Schemas.attributeTypes(maps(request.list("AttributeDefinitions"))).keySet());
                    CreateTable.checkGlobalIndex(update.body(), defined, onDemand);
                    if (definition.globalIndexes().size() >= CreateTable.MAX_GLOBAL_INDEXES) {
                        throw DynamoException.dynamo("LimitExceededException",
                                "GlobalSecondaryIndex count exceeds the per-table limit of "
                                        + CreateTable.MAX_GLOBAL_INDEXES);
                    }
                }
                case "Delete" -> {
                    if (existing != null && !existing.global()) {
                        throw DynamoException.validation(
                                "Cannot delete an index that is not a GlobalSecondaryIndex: " + update.indexName());
                    }
                    if (existing == null) {
                        throw indexNotFound(update.indexName(), definition);
                    }
                }
                default -> throw new IllegalStateException(update.action());
            }
        }
    }

    private static void checkIndexThroughputUpdate(IndexUpdate update, IndexDefinition existing,
                                                   TableDefinition definition, boolean onDemand) {
        if (existing != null && !existing.global()) {
            throw DynamoException.validation(
                    "Cannot update an index that is not a GlobalSecondaryIndex: " + update.indexName());
        }
        if (existing == null) {
            throw indexNotFound(update.indexName(), definition);
        }
        Map<String, Object> t = map(update.body(), "ProvisionedThroughput");
        if (t == null) {
            return;
        }
        if (onDemand) {
            throw DynamoException.validation(INVALID + "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified "
                    + "for index: " + update.indexName() + " when BillingMode is PAY_PER_REQUEST");
        }
        long read = number(t, "ReadCapacityUnits");
        long write = number(t, "WriteCapacityUnits");
        if (PROVISIONED.equals(definition.billingMode())
                && read == existing.readCapacity() && write == existing.writeCapacity()) {
            throw DynamoException.validation("The provisioned throughput for the index " + update.indexName()
                    + " will not change. The requested value equals the current value. "
                    + "Current ReadCapacityUnits provisioned for the index: " + existing.readCapacity()
                    + ". Requested ReadCapacityUnits: " + read + ". "
                    + "Current WriteCapacityUnits provisioned for the index: " + existing.writeCapacity()
                    + ". Requested WriteCapacityUnits: " + write + ". "
                    + "Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.");
        }
    }

    private static DynamoException indexNotFound(String indexName, TableDefinition definition) {
        return DynamoException.resourceNotFound(
                "Requested resource not found: Index " + indexName + " for table " + definition.name());
    }

    /** Leaving on-demand, every global index needs its own throughput in the same call. */
    private static void checkEveryIndexGetsThroughput(List<IndexUpdate> updates, TableDefinition definition) {
        Set<String> given = new HashSet<>();
        for (IndexUpdate update : updates) {
            if (update.action().equals("Update") && map(update.body(), "ProvisionedThroughput") != null) {
                given.add(update.indexName());
            }
        }
        List<String> missing = definition.globalIndexes().stream().map(IndexDefinition::name)
                .filter(n -> !given.contains(n)).toList();
        if (!missing.isEmpty()) {
            throw DynamoException.validation(INVALID + "ProvisionedThroughput must be specified for index: "
                    + String.join(",", missing));
        }
    }

    private static void checkThroughputChanges(Map<String, Object> throughput, TableDefinition definition) {
        long read = number(throughput, "ReadCapacityUnits");
        long write = number(throughput, "WriteCapacityUnits");
        if (read == definition.readCapacity() && write == definition.writeCapacity()) {
            throw DynamoException.validation("The provisioned throughput for the table will not change. "
                    + "The requested value equals the current value. "
                    + "Current ReadCapacityUnits provisioned for the table: " + definition.readCapacity()
                    + ". Requested ReadCapacityUnits: " + read + ". "
                    + "Current WriteCapacityUnits provisioned for the table: " + definition.writeCapacity()
                    + ". Requested WriteCapacityUnits: " + write + ". "
                    + "Refer to the Amazon DynamoDB Developer Guide for current limits and how to request higher limits.");
        }
    }
}
