package dev.skyport.dynamo.api.table;

import static dev.skyport.dynamo.api.table.Schemas.map;
import static dev.skyport.dynamo.api.table.Schemas.maps;
import static dev.skyport.dynamo.api.table.Schemas.number;
import static dev.skyport.dynamo.api.table.Schemas.string;
import static dev.skyport.dynamo.api.table.TableDescriptions.PAY_PER_REQUEST;
import static dev.skyport.dynamo.api.table.TableDescriptions.PROVISIONED;

import dev.skyport.dynamo.api.Request;
import dev.skyport.dynamo.api.RequestContext;
import dev.skyport.dynamo.api.table.UpdateTableValidation.Checked;
import dev.skyport.dynamo.api.table.UpdateTableValidation.IndexUpdate;
import dev.skyport.dynamo.model.DynamoException;
import dev.skyport.dynamo.storage.IndexDefinition;
import dev.skyport.dynamo.storage.KeySchema;
import dev.skyport.dynamo.storage.TableData;
import dev.skyport.dynamo.storage.TableDefinition;
import dev.skyport.dynamo.storage.TableHistory;
import dev.skyport.dynamo.storage.TableHistory.ThroughputHistory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies a checked UpdateTable request: builds the new definition and its history, stores it in one
 * journal record, and answers with the table as the service shows it mid-update.
 */
final class UpdateTableApply {

    private final ControlPlane plane;

    UpdateTableApply(ControlPlane plane) {
        this.plane = plane;
    }

    /** Changes {@code table} from {@code definition}, the one the checks saw; another change in between fails it. */
    Object apply(Request request, RequestContext context, TableData table, TableDefinition definition,
                 Checked checked) {
        List<IndexUpdate> indexUpdates = checked.indexUpdates();
        boolean onDemand = checked.onDemand();
        boolean toOnDemand = checked.toOnDemand();
        boolean toProvisioned = checked.toProvisioned();
        long now = plane.now();
        Map<String, Object> throughput = request.map("ProvisionedThroughput");
        DefinitionBuilder b = new DefinitionBuilder(definition);
        TableHistory h = definition.history();
        // What the answer shows differently from the new definition: old throughput, index states.
        Map<String, IndexDefinition> shownIndexes = new LinkedHashMap<>();
        List<IndexDefinition> deletedIndexes = new ArrayList<>();

        if (toOnDemand) {
            b.billingMode = PAY_PER_REQUEST;
            b.readCapacity = 0;
            b.writeCapacity = 0;
            b.globalIndexes.replaceAll(i -> withCapacity(i, 0, 0));
            h = h.withPayPerRequestSince(now);
            for (IndexDefinition index : b.globalIndexes) {
                shownIndexes.put(index.name(), index.withStatus("UPDATING", false));
            }
        } else if (toProvisioned) {
            b.billingMode = PROVISIONED;
            b.readCapacity = number(throughput, "ReadCapacityUnits");
            b.writeCapacity = number(throughput, "WriteCapacityUnits");
            h = h.withOnDemand(null, null);
        } else if (throughput != null) {
            b.readCapacity = number(throughput, "ReadCapacityUnits");
            b.writeCapacity = number(throughput, "WriteCapacityUnits");
            h = h.withTable(h.table().after(definition.readCapacity(), definition.writeCapacity(),
                    b.readCapacity, b.writeCapacity, now));
        }

        Map<String, String> requestTypes = Schemas.attributeTypes(maps(request.list("AttributeDefinitions")));
        for (IndexUpdate update : indexUpdates) {
            switch (update.action()) {
                case "Update" -> {
                    IndexDefinition index = definition.index(update.indexName());
                    Map<String, Object> t = map(update.body(), "ProvisionedThroughput");
                    if (t == null) {
                        continue;
                    }
                    long read = number(t, "ReadCapacityUnits");
                    long write = number(t, "WriteCapacityUnits");
                    b.replaceGlobal(withCapacity(index, read, write));
                    if (!toProvisioned) {
                        h = h.withIndex(index.name(), h.index(index.name())
                                .after(index.readCapacity(), index.writeCapacity(), read, write, now));
                        shownIndexes.put(index.name(), index.withStatus("UPDATING", false));
                    }
                }
                case "Create" -> {
                    Map<String, Object> t = map(update.body(), "ProvisionedThroughput");
                    // New key attributes go after the table's, in the order the request defines them.
                    Set<String> keyNames = Set.copyOf(Schemas.names(Schemas.elements(update.body().get("KeySchema"))));
                    requestTypes.forEach((name, type) -> {
                        if (keyNames.contains(name)) {
                            b.attributeDefinitions.putIfAbsent(name, type);
                        }
                    });
                    IndexDefinition index = Schemas.index(update.body(), true, b.attributeDefinitions, "CREATING",
                            table.itemCount() > 0, onDemand || t == null ? 0 : number(t, "ReadCapacityUnits"),
                            onDemand || t == null ? 0 : number(t, "WriteCapacityUnits"));
                    b.globalIndexes.add(index);
                    h = h.withIndex(index.name(), null);
                }
                case "Delete" -> {
                    IndexDefinition index = definition.index(update.indexName());
                    b.globalIndexes.removeIf(i -> i.name().equals(index.name()));
                    deletedIndexes.add(index.withStatus("DELETING", false));
                    h = h.withIndex(index.name(), null);
                }
                default -> throw new IllegalStateException(update.action());
            }
        }
        if (!indexUpdates.isEmpty()) {
            pruneAttributeDefinitions(b);
        }

        Map<String, Object> stream = request.map("StreamSpecification");
        if (stream != null) {
            if (Boolean.TRUE.equals(stream.get("StreamEnabled"))) {
                b.streamViewType = string(stream, "StreamViewType");
                b.streamLabel = TableDescriptions.streamLabel(now);
            } else {
                b.streamViewType = null;
            }
        }
        if (request.has("DeletionProtectionEnabled")) {
            b.deletionProtection = request.bool("DeletionProtectionEnabled");
        }
        if (request.has("TableClass")) {
            b.tableClass = request.string("TableClass");
            h = h.withTableClassUpdated(now);
        }
        Map<String, Object> limits = request.map("OnDemandThroughput");
        if (limits != null) {
            h = h.withOnDemand(ceiling(limits, "MaxReadRequestUnits", h.maxReadRequestUnits()),
                    ceiling(limits, "MaxWriteRequestUnits", h.maxWriteRequestUnits()));
        }
        Map<String, Object> warm = request.map("WarmThroughput");
        if (warm != null) {
            h = h.withWarm(max(h.warmRead(), number(warm, "ReadUnitsPerSecond")),
                    max(h.warmWrite(), number(warm, "WriteUnitsPerSecond")));
        }
        Map<String, Object> sse = request.map("SSESpecification");
        if (sse != null) {
            h = h.withKmsKey(Boolean.FALSE.equals(sse.get("Enabled")) ? null
                    : plane.kmsKeyArn(string(sse, "KMSMasterKeyId"), context));
        }

        b.history = h;
        TableDefinition updated = b.build();
        // Computed from what this call read, history included: a concurrent change of the same table makes
        // it retry, as the service refuses a second update while one is in progress. One journal record
        // holds the new settings and their history together.
        context.awaitDurable(plane.engine().database().updateDefinition(updated.name(), current -> {
            if (current != definition) {
                throw DynamoException.resourceInUse("Attempt to change a resource which is still in use: "
                        + "Table is being updated: " + updated.name());
            }
            return updated;
        }).durable());

        return Map.of("TableDescription", TableDescriptions.describe(
                shown(updated, definition, shownIndexes, deletedIndexes, toOnDemand || toProvisioned),
                table, "UPDATING", TableDescriptions.Answer.DESCRIBED));
    }

    /**
     * The definition the answer describes: throughput and today's decrease counts still as they were,
     * and index states in flight.
     */
    private static TableDefinition shown(TableDefinition updated, TableDefinition before,
                                         Map<String, IndexDefinition> shownIndexes, List<IndexDefinition> deleted,
                                         boolean billingSwitch) {
        DefinitionBuilder s = new DefinitionBuilder(updated);
        if (!billingSwitch) {
            s.readCapacity = before.readCapacity();
            s.writeCapacity = before.writeCapacity();
        }
        s.globalIndexes.replaceAll(i -> shownIndexes.getOrDefault(i.name(), i));
        s.globalIndexes.addAll(deleted);
        s.history = shownHistory(updated.history(), before.history());
        return s.build();
    }

    /** The answer shows new change times but counts today's decreases only once the change is done. */
    private static TableHistory shownHistory(TableHistory updated, TableHistory before) {
        TableHistory shown = updated.withTable(new ThroughputHistory(updated.table().lastIncreaseMillis(),
                updated.table().lastDecreaseMillis(), before.table().decreasesToday()));
        for (var e : updated.indexes().entrySet()) {
            ThroughputHistory t = e.getValue();
            shown = shown.withIndex(e.getKey(), new ThroughputHistory(t.lastIncreaseMillis(), t.lastDecreaseMillis(),
                    before.index(e.getKey()).decreasesToday()));
        }
        return shown;
    }

    private static IndexDefinition withCapacity(IndexDefinition i, long read, long write) {
        return new IndexDefinition(i.name(), i.global(), i.key(), i.projectionType(), i.nonKeyAttributes(), i.status(),
                i.backfilling(), read, write);
    }

    /** Definitions no key of the table or of a remaining index uses are dropped, as the service does. */
    private static void pruneAttributeDefinitions(DefinitionBuilder b) {
        Set<String> used = new HashSet<>();
        addKey(used, b.key);
        b.localIndexes.forEach(i -> addKey(used, i.key()));
        b.globalIndexes.forEach(i -> addKey(used, i.key()));
        b.attributeDefinitions.keySet().retainAll(used);
    }

    private static void addKey(Set<String> used, KeySchema key) {
        used.add(key.hashName());
        if (key.hasRange()) {
            used.add(key.rangeName());
        }
    }

    /** An on-demand ceiling: -1 removes it, absent keeps the current one. */
    private static Long ceiling(Map<String, Object> limits, String member, Long current) {
        Long value = number(limits, member);
        if (value == null) {
            return current;
        }
        return value == -1 ? null : value;
    }

    private static Long max(Long a, Long b) {
        return a == null ? b : b == null ? a : Long.valueOf(Math.max(a, b));
    }
}
