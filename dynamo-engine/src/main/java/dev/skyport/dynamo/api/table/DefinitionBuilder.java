package dev.skyport.dynamo.api.table;

import dev.skyport.dynamo.storage.IndexDefinition;
import dev.skyport.dynamo.storage.KeySchema;
import dev.skyport.dynamo.storage.TableDefinition;
import dev.skyport.dynamo.storage.TableHistory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A changeable copy of a {@link TableDefinition}: UpdateTable changes several members at once, and the
 * record only offers single-member withers.
 */
final class DefinitionBuilder {

    String name;
    String tableId;
    String arn;
    long createdMillis;
    String status;
    KeySchema key;
    Map<String, String> attributeDefinitions;
    List<IndexDefinition> globalIndexes;
    List<IndexDefinition> localIndexes;
    String billingMode;
    long readCapacity;
    long writeCapacity;
    String streamViewType;
    String streamLabel;
    String ttlAttribute;
    String ttlStatus;
    Map<String, String> tags;
    boolean deletionProtection;
    String tableClass;
    TableHistory history;

    DefinitionBuilder(TableDefinition d) {
        name = d.name();
        tableId = d.tableId();
        arn = d.arn();
        createdMillis = d.createdMillis();
        status = d.status();
        key = d.key();
        attributeDefinitions = new LinkedHashMap<>(d.attributeDefinitions());
        globalIndexes = new ArrayList<>(d.globalIndexes());
        localIndexes = new ArrayList<>(d.localIndexes());
        billingMode = d.billingMode();
        readCapacity = d.readCapacity();
        writeCapacity = d.writeCapacity();
        streamViewType = d.streamViewType();
        streamLabel = d.streamLabel();
        ttlAttribute = d.ttlAttribute();
        ttlStatus = d.ttlStatus();
        tags = new LinkedHashMap<>(d.tags());
        deletionProtection = d.deletionProtection();
        tableClass = d.tableClass();
        history = d.history();
    }

    /** Replaces the global index of that name. */
    void replaceGlobal(IndexDefinition index) {
        globalIndexes.replaceAll(i -> i.name().equals(index.name()) ? index : i);
    }

    TableDefinition build() {
        return new TableDefinition(name, tableId, arn, createdMillis, status, key, attributeDefinitions,
                globalIndexes, localIndexes, billingMode, readCapacity, writeCapacity, streamViewType, streamLabel,
                ttlAttribute, ttlStatus, tags, deletionProtection, tableClass, history);
    }
}
