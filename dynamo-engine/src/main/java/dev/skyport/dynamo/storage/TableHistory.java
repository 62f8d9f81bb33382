package dev.skyport.dynamo.storage;

import java.util.HashMap;
import java.util.Map;

/**
 * What the service reports about a table's past, beside its current settings: throughput change times,
 * when on-demand billing was last chosen, the table class change time, on-demand ceilings, requested
 * warm throughput and encryption. Part of {@link TableDefinition}, so it is journaled with it and changes
 * atomically with it; a re-created table starts afresh.
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
 */
public record TableHistory(
        ThroughputHistory table,
        Map<String, ThroughputHistory> indexes,
        Long payPerRequestSinceMillis,
        Long tableClassUpdatedMillis,
        Long maxReadRequestUnits,
        Long maxWriteRequestUnits,
        Long warmRead,
        Long warmWrite,
        String kmsKeyArn) {

    public TableHistory {
        table = table == null ? ThroughputHistory.NONE : table;
        indexes = indexes == null ? Map.of() : Map.copyOf(indexes);
    }

    /** Changes of provisioned throughput, as ProvisionedThroughputDescription reports them. */
    public record ThroughputHistory(Long lastIncreaseMillis, Long lastDecreaseMillis, int decreasesToday) {

        public static final ThroughputHistory NONE = new ThroughputHistory(null, null, 0);

        /** This history after a change from (read, write) to (newRead, newWrite) at {@code now}. */
        public ThroughputHistory after(long read, long write, long newRead, long newWrite, long now) {
            boolean increase = newRead > read || newWrite > write;
            boolean decrease = newRead < read || newWrite < write;
            return new ThroughputHistory(increase ? Long.valueOf(now) : lastIncreaseMillis,
                    decrease ? Long.valueOf(now) : lastDecreaseMillis, decrease ? decreasesToday + 1 : decreasesToday);
        }
    }

    /**
     * The history of a table nothing is known about yet: what its billing mode implies. Also what a
     * definition journaled before the history was part of it reads back as.
     */
    public static TableHistory initial(String billingMode, long createdMillis) {
        Long ppr = "PAY_PER_REQUEST".equals(billingMode) ? Long.valueOf(createdMillis) : null;
        return new TableHistory(ThroughputHistory.NONE, Map.of(), ppr, null, null, null, null, null, null);
    }

    public ThroughputHistory index(String name) {
        return indexes.getOrDefault(name, ThroughputHistory.NONE);
    }

    public TableHistory withTable(ThroughputHistory newTable) {
        return new TableHistory(newTable, indexes, payPerRequestSinceMillis, tableClassUpdatedMillis,
                maxReadRequestUnits, maxWriteRequestUnits, warmRead, warmWrite, kmsKeyArn);
    }

    /** With {@code history} for that index; null forgets it (the index was created afresh or deleted). */
    public TableHistory withIndex(String name, ThroughputHistory history) {
        Map<String, ThroughputHistory> copy = new HashMap<>(indexes);
        if (history == null) {
            copy.remove(name);
        } else {
            copy.put(name, history);
        }
        return new TableHistory(table, copy, payPerRequestSinceMillis, tableClassUpdatedMillis,
                maxReadRequestUnits, maxWriteRequestUnits, warmRead, warmWrite, kmsKeyArn);
    }

    public TableHistory withPayPerRequestSince(Long millis) {
        return new TableHistory(table, indexes, millis, tableClassUpdatedMillis,
                maxReadRequestUnits, maxWriteRequestUnits, warmRead, warmWrite, kmsKeyArn);
    }

    public TableHistory withTableClassUpdated(Long millis) {
        return new TableHistory(table, indexes, payPerRequestSinceMillis, millis,
                maxReadRequestUnits, maxWriteRequestUnits, warmRead, warmWrite, kmsKeyArn);
    }

    public TableHistory withOnDemand(Long maxRead, Long maxWrite) {
        return new TableHistory(table, indexes, payPerRequestSinceMillis, tableClassUpdatedMillis,
                maxRead, maxWrite, warmRead, warmWrite, kmsKeyArn);
    }

    public TableHistory withWarm(Long read, Long write) {
        return new TableHistory(table, indexes, payPerRequestSinceMillis, tableClassUpdatedMillis,
                maxReadRequestUnits, maxWriteRequestUnits, read, write, kmsKeyArn);
    }

    public TableHistory withKmsKey(String arn) {
        return new TableHistory(table, indexes, payPerRequestSinceMillis, tableClassUpdatedMillis,
                maxReadRequestUnits, maxWriteRequestUnits, warmRead, warmWrite, arn);
    }
}
