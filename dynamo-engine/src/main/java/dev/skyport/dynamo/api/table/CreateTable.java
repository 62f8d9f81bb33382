package dev.skyport.dynamo.api.table;

import static dev.skyport.dynamo.api.table.ControlPlane.INVALID;
import static dev.skyport.dynamo.api.table.Schemas.list;
import static dev.skyport.dynamo.api.table.Schemas.map;
import static dev.skyport.dynamo.api.table.Schemas.maps;
import static dev.skyport.dynamo.api.table.Schemas.number;
import static dev.skyport.dynamo.api.table.Schemas.string;
import static dev.skyport.dynamo.api.table.TableDescriptions.PAY_PER_REQUEST;
import static dev.skyport.dynamo.api.table.TableDescriptions.PROVISIONED;

import dev.skyport.dynamo.api.Operation;
import dev.skyport.dynamo.api.Request;
import dev.skyport.dynamo.api.RequestContext;
import dev.skyport.dynamo.api.table.Schemas.Element;
import dev.skyport.dynamo.model.DynamoException;
import dev.skyport.dynamo.storage.IndexDefinition;
import dev.skyport.dynamo.storage.TableDefinition;
import dev.skyport.dynamo.storage.TableHistory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * CreateTable. The table is usable at once: the answer says CREATING, as the service's does, and
 * every later call finds it ACTIVE.
 */
public final class CreateTable implements Operation {

    static final int MAX_LOCAL_INDEXES = 5;
    static final int MAX_GLOBAL_INDEXES = 20;

    private final ControlPlane plane;

    public CreateTable(ControlPlane plane) {
        this.plane = plane;
    }

    @Override
    public Object execute(Request request, RequestContext context) {
        String name = request.string("TableName");
        List<Map<String, Object>> definitions = maps(request.list("AttributeDefinitions"));
        List<Element> keys = Schemas.elements(request.list("KeySchema"));
        List<Map<String, Object>> locals = request.has("LocalSecondaryIndexes")
                ? maps(request.list("LocalSecondaryIndexes")) : null;
        List<Map<String, Object>> globals = request.has("GlobalSecondaryIndexes")
                ? maps(request.list("GlobalSecondaryIndexes")) : null;
        boolean onDemand = PAY_PER_REQUEST.equals(request.string("BillingMode"));
        Map<String, Object> throughput = request.map("ProvisionedThroughput");

        checkThroughput(onDemand, throughput);
        List<String> defined = definedNames(definitions);
        checkTableKey(keys, defined, definitions.size(), locals == null && globals == null);
        Set<String> indexNames = new HashSet<>();
        if (locals != null) {
            checkLocalIndexes(locals, keys, defined, indexNames);
        }
        if (globals != null) {
            checkGlobalIndexes(globals, defined, onDemand, indexNames);
        }
        if (locals != null || globals != null) {
            checkAllDefinitionsUsed(keys, locals, globals, defined);
        }
        Map<String, Object> stream = request.map("StreamSpecification");
        checkStream(stream);
        checkOnDemandThroughput(request.map("OnDemandThroughput"), onDemand);
        List<Map<String, Object>> tags = maps(request.list("Tags"));
        TagRules.checkTags(tags);
        TagRules.checkCount(tags.size());

        long now = plane.now();
        Map<String, String> types = Schemas.attributeTypes(definitions);
        long read = onDemand ? 0 : number(throughput, "ReadCapacityUnits");
        long write = onDemand ? 0 : number(throughput, "WriteCapacityUnits");
        List<IndexDefinition> globalIndexes = new ArrayList<>();
        for (Map<String, Object> index : globals == null ? List.<Map<String, Object>>of() : globals) {
            Map<String, Object> t = map(index, "ProvisionedThroughput");
            globalIndexes.add(Schemas.index(index, true, types, "ACTIVE", false,
                    onDemand ? 0 : number(t, "ReadCapacityUnits"), onDemand ? 0 : number(t, "WriteCapacityUnits")));
        }
        List<IndexDefinition> localIndexes = new ArrayList<>();
        for (Map<String, Object> index : locals == null ? List.<Map<String, Object>>of() : locals) {
            localIndexes.add(Schemas.index(index, false, types, "ACTIVE", false, 0, 0));
        }
        boolean streamEnabled = stream != null && Boolean.TRUE.equals(stream.get("StreamEnabled"));
        Map<String, String> tagMap = new LinkedHashMap<>();
        for (Map<String, Object> tag : tags) {
            tagMap.put(string(tag, "Key"), string(tag, "Value"));
        }
        TableDefinition definition = new TableDefinition(name, UUID.randomUUID().toString(),
                plane.tableArn(context, name), now, "ACTIVE", Schemas.keySchema(keys, types), types,
                globalIndexes, localIndexes, onDemand ? PAY_PER_REQUEST : PROVISIONED, read, write,
                streamEnabled ? string(stream, "StreamViewType") : null,
                streamEnabled ? TableDescriptions.streamLabel(now) : null,
                null, "DISABLED", tagMap, request.bool("DeletionProtectionEnabled"), request.string("TableClass"),
                initialHistory(request, onDemand, now, context));

        context.awaitDurable(plane.engine().database().createTable(definition));

        DefinitionBuilder answer = new DefinitionBuilder(definition);
        answer.globalIndexes.replaceAll(i -> i.withStatus("CREATING", false));
        return Map.of("TableDescription", TableDescriptions.describe(answer.build(), null, "CREATING",
                TableDescriptions.Answer.CREATED));
    }

    /** What the request sets beside the definition proper: on-demand ceilings, warm throughput, encryption. */
    private TableHistory initialHistory(Request request, boolean onDemand, long now, RequestContext context) {
        TableHistory h = TableHistory.initial(onDemand ? PAY_PER_REQUEST : PROVISIONED, now);
        Map<String, Object> limits = request.map("OnDemandThroughput");
        if (limits != null) {
            h = h.withOnDemand(number(limits, "MaxReadRequestUnits"), number(limits, "MaxWriteRequestUnits"));
        }
        Map<String, Object> warm = request.map("WarmThroughput");
        if (warm != null) {
            h = h.withWarm(number(warm, "ReadUnitsPerSecond"), number(warm, "WriteUnitsPerSecond"));
        }
        Map<String, Object> sse = request.map("SSESpecification");
        if (sse != null && Boolean.TRUE.equals(sse.get("Enabled"))) {
            h = h.withKmsKey(plane.kmsKeyArn(string(sse, "KMSMasterKeyId"), context));
        }
        return h;
    }

    static void checkThroughput(boolean onDemand, Map<String, Object> throughput) {
        if (onDemand) {
            if (throughput != null) {
                throw DynamoException.validation(INVALID
                        + "Neither ReadCapacityUnits nor WriteCapacityUnits can be specified "
                        + "when BillingMode is PAY_PER_REQUEST");
            }
            return;
        }
        if (throughput == null || number(throughput, "ReadCapacityUnits") == null
                || number(throughput, "WriteCapacityUnits") == null) {
            throw DynamoException.validation(INVALID
                    + "ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
        }
        Schemas.checkCapacityBounds(throughput, "");
    }

    private static List<String> definedNames(List<Map<String, Object>> definitions) {
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Map<String, Object> d : definitions) {
            String attribute = string(d, "AttributeName");
            if (!seen.add(attribute)) {
                throw DynamoException.validation("Attribute Name is duplicated: " + attribute);
            }
            names.add(attribute);
        }
        return names;
    }

    private static void checkTableKey(List<Element> keys, List<String> defined, int definitionCount,
                                      boolean noIndexes) {
        List<String> names = Schemas.names(keys);
        if (names.size() > defined.size()) {
            throw DynamoException.validation("Invalid KeySchema: Some index key attribute have no definition");
        }
        if (names.stream().anyMatch(n -> !defined.contains(n))) {
            throw Schemas.notDefined(names, defined);
        }
        Schemas.checkKeyOrder(keys);
        if (noIndexes && keys.size() != definitionCount) {
            throw DynamoException.validation(INVALID + "Number of attributes in KeySchema does not exactly match "
                    + "number of attributes defined in AttributeDefinitions");
        }
    }

    private static void checkLocalIndexes(List<Map<String, Object>> locals, List<Element> tableKeys,
                                          List<String> defined, Set<String> indexNames) {
        if (locals.isEmpty()) {
            throw DynamoException.validation(INVALID + "List of LocalSecondaryIndexes is empty");
        }
        if (tableKeys.size() != 2) {
            throw DynamoException.validation(INVALID + "Table KeySchema does not have a range key, "
                    + "which is required when specifying a LocalSecondaryIndex");
        }
        String tableHash = tableKeys.get(0).name();
        for (Map<String, Object> index : locals) {
            String indexName = string(index, "IndexName");
            List<Element> keys = Schemas.elements(index.get("KeySchema"));
            Schemas.checkIndexKeySchema(keys, defined);
            if (keys.size() != 2) {
                throw DynamoException.validation(INVALID
                        + "Index KeySchema does not have a range key for index: " + indexName);
            }
            String indexHash = keys.get(0).name();
            if (!indexHash.equals(tableHash)) {
                throw DynamoException.validation(INVALID + "Index KeySchema does not have the same leading hash key as "
                        + "table KeySchema for index: " + indexName + ". index hash key: " + indexHash
                        + ", table hash key: " + tableHash);
            }
            Schemas.checkProjection(map(index, "Projection"));
            if (!indexNames.add(indexName)) {
                throw DynamoException.validation(INVALID + "Duplicate index name: " + indexName);
            }
        }
        if (locals.size() > MAX_LOCAL_INDEXES) {
            throw DynamoException.validation(INVALID
                    + "Number of LocalSecondaryIndexes exceeds per-table limit of " + MAX_LOCAL_INDEXES);
        }
    }

    private static void checkGlobalIndexes(List<Map<String, Object>> globals, List<String> defined, boolean onDemand,
                                           Set<String> indexNames) {
        if (globals.isEmpty()) {
            throw DynamoException.validation(INVALID + "List of GlobalSecondaryIndexes is empty");
        }
        for (Map<String, Object> index : globals) {
            String indexName = string(index, "IndexName");
            checkGlobalIndex(index, defined, onDemand);
            if (!indexNames.add(indexName)) {
                throw DynamoException.validation(INVALID + "Duplicate index name: " + indexName);
            }
        }
        if (globals.size() > MAX_GLOBAL_INDEXES) {
            throw DynamoException.validation(INVALID
                    + "GlobalSecondaryIndex count exceeds the per-table limit of " + MAX_GLOBAL_INDEXES);
        }
    }

    /** The checks of one new global index, shared with UpdateTable's Create action. */
    static void checkGlobalIndex(Map<String, Object> index, List<String> defined, boolean onDemand) {
        String indexName = string(index, "IndexName");
        Schemas.checkIndexKeySchema(Schemas.elements(index.get("KeySchema")), defined);
        Schemas.checkProjection(map(index, "Projection"));
        Map<String, Object> throughput = map(index, "ProvisionedThroughput");
        if (onDemand && throughput != null) {
            throw DynamoException.validation(INVALID + "ProvisionedThroughput should not be specified for index: "
                    + indexName + " when BillingMode is PAY_PER_REQUEST");
        }
        if (!onDemand && throughput == null) {
            throw DynamoException.validation(INVALID + "ProvisionedThroughput is not specified for index: " + indexName);
        }
        if (throughput != null) {
            Schemas.checkCapacityBounds(throughput, " for index " + indexName);
        }
    }

    /** With indexes, every definition must be a key of the table or of an index. */
    private static void checkAllDefinitionsUsed(List<Element> keys, List<Map<String, Object>> locals,
                                                List<Map<String, Object>> globals, List<String> defined) {
        Set<String> used = new LinkedHashSet<>(Schemas.names(keys));
        for (List<Map<String, Object>> indexes : Arrays.asList(locals, globals)) {
            if (indexes != null) {
                for (Map<String, Object> index : indexes) {
                    used.addAll(Schemas.names(Schemas.elements(index.get("KeySchema"))));
                }
            }
        }
        if (!used.containsAll(defined) || used.size() != defined.size()) {
            throw DynamoException.validation(INVALID + "Some AttributeDefinitions are not used. AttributeDefinitions: "
                    + list(defined) + ", keys used: " + list(List.copyOf(used)));
        }
    }

    private static void checkStream(Map<String, Object> stream) {
        if (stream == null) {
            return;
        }
        boolean enabled = Boolean.TRUE.equals(stream.get("StreamEnabled"));
        boolean viewType = stream.get("StreamViewType") != null;
        if (enabled && !viewType) {
            throw DynamoException.validation(INVALID
                    + "Table is being created with a stream enabled, UpdateViewType is required");
        }
        if (!enabled && viewType) {
            throw DynamoException.validation(INVALID
                    + "Table is being created with a stream disabled, UpdateViewType should not be specified");
        }
    }

    private static void checkOnDemandThroughput(Map<String, Object> limits, boolean onDemand) {
        if (limits == null) {
            return;
        }
        for (String member : List.of("MaxReadRequestUnits", "MaxWriteRequestUnits")) {
            if (!onDemand && number(limits, member) != null) {
                throw DynamoException.validation(INVALID + member
                        + " for OnDemandThroughput cannot be specified when table BillingMode is PROVISIONED.");
            }
        }
        for (String member : List.of("MaxReadRequestUnits", "MaxWriteRequestUnits")) {
            Long value = number(limits, member);
            if (value != null && value < 1) {
                throw DynamoException.validation(INVALID + "Requested " + member
                        + " for OnDemandThroughput for table is outside of valid range");
            }
        }
    }
}
