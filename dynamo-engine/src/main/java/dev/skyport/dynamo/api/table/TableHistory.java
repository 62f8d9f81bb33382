package dev.skyport.dynamo.api.table;

import dev.skyport.dynamo.storage.TableDefinition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the service reports about a table's past that {@link TableDefinition} does not hold: throughput
 * change times, when on-demand billing was last chosen, the table class change time, on-demand ceilings,
 * requested warm throughput and encryption. Immutable; keyed by table id, so a re-created table starts afresh.
 *
 * @param table throughput changes of the table itself
 * @param indexes throughput changes per global secondary index
 * @param payPerRequestSinceMillis when PAY_PER_REQUEST was last set, or null when never
 * @param tableClassUpdatedMillis when the table class was last changed by UpdateTable, or null
 * @param maxReadRequestUnits the on-demand read ceiling, or null when none
 * @param maxWriteRequestUnits the on-demand write ceiling, or null when none
 * @param warmRead requested warm read units, or null
 * @param warmWrite requested warm write units, or null
 * @param kmsKeyArn the KMS key of a table encrypted with a KMS key (SSESpecification Enabled), or null
 * @param attributeOrder attribute names in the order the client defined them (the definition's map has none)
 */
record TableHistory(
        ThroughputHistory table,
        Map<String, ThroughputHistory> indexes,
        Long payPerRequestSinceMillis,
        Long tableClassUpdatedMillis,
        Long maxReadRequestUnits,
        Long maxWriteRequestUnits,
        Long warmRead,
        Long warmWrite,
        String kmsKeyArn,
        List<String> attributeOrder) {

    TableHistory {
        indexes = Map.copyOf(indexes);
        attributeOrder = List.copyOf(attributeOrder);
    }

    /** Changes of provisioned throughput, as ProvisionedThroughputDescription reports them. */
    record ThroughputHistory(Long lastIncreaseMillis, Long lastDecreaseMillis, int decreasesToday) {

        static final ThroughputHistory NONE = new ThroughputHistory(null, null, 0);

        /** This history after a change from (read, write) to (newRead, newWrite) at {@code now}. */
        ThroughputHistory after(long read, long write, long newRead, long newWrite, long now) {
            boolean increase = newRead > read || newWrite > write;
            boolean decrease = newRead < read || newWrite < write;
            return new ThroughputHistory(increase ? Long.valueOf(now) : lastIncreaseMillis,
                    decrease ? Long.valueOf(now) : lastDecreaseMillis, decrease ? decreasesToday + 1 : decreasesToday);
        }
    }

    /** The history of a table nothing is known about yet: what its definition implies. */
    static TableHistory initial(TableDefinition definition) {
        Long ppr = TableDescriptions.PAY_PER_REQUEST.equals(definition.billingMode())
                ? Long.valueOf(definition.createdMillis()) : null;
        return new TableHistory(ThroughputHistory.NONE, Map.of(), ppr, null, null, null, null, null, null, List.of());
    }

    ThroughputHistory index(String name) {
        return indexes.getOrDefault(name, ThroughputHistory.NONE);
    }

    TableHistory withTable(ThroughputHistory newTable) {
        return new TableHistory(newTable, indexes, payPerRequestSinceMillis, tableClassUpdatedMillis,
                maxReadRequestUnits, maxWriteRequestUnits, warmRead, warmWrite, kmsKeyArn, attributeOrder);
    }

    TableHistory withIndex(String name, ThroughputHistory history) {
        Map<String, ThroughputHistory> copy = new HashMap<>(indexes);
        if (history == null) {
            copy.remove(name);
        } else {
            copy.put(name, history);
        }
        return new TableHistory(table, copy, payPerRequestSinceMillis, tableClassUpdatedMillis,
                maxReadRequestUnits, maxWriteRequestUnits, warmRead, warmWrite, kmsKeyArn, attributeOrder);
    }

    TableHistory withPayPerRequestSince(Long millis) {
        return new TableHistory(table, indexes, millis, tableClassUpdatedMillis,
                maxReadRequestUnits, maxWriteRequestUnits, warmRead, warmWrite, kmsKeyArn, attributeOrder);
    }

    TableHistory withTableClassUpdated(Long millis) {
        return new TableHistory(table, indexes, payPerRequestSinceMillis, millis,
                maxReadRequestUnits, maxWriteRequestUnits, warmRead, warmWrite, kmsKeyArn, attributeOrder);
    }

    TableHistory withOnDemand(Long maxRead, Long maxWrite) {
        return new TableHistory(table, indexes, payPerRequestSinceMillis, tableClassUpdatedMillis,
                maxRead, maxWrite, warmRead, warmWrite, kmsKeyArn, attributeOrder);
    }

    TableHistory withWarm(Long read, Long write) {
        return new TableHistory(table, indexes, payPerRequestSinceMillis, tableClassUpdatedMillis,
                maxReadRequestUnits, maxWriteRequestUnits, read, write, kmsKeyArn, attributeOrder);
    }

    TableHistory withKmsKey(String arn) {
        return new TableHistory(table, indexes, payPerRequestSinceMillis, tableClassUpdatedMillis,
                maxReadRequestUnits, maxWriteRequestUnits, warmRead, warmWrite, arn, attributeOrder);
    }

    TableHistory withAttributeOrder(List<String> order) {
        return new TableHistory(table, indexes, payPerRequestSinceMillis, tableClassUpdatedMillis,
                maxReadRequestUnits, maxWriteRequestUnits, warmRead, warmWrite, kmsKeyArn, order);
    }
}
