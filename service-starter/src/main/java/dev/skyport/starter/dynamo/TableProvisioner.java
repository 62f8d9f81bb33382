package dev.skyport.starter.dynamo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.util.ClassUtils;
import software.amazon.awssdk.enhanced.dynamodb.IndexMetadata;
import software.amazon.awssdk.enhanced.dynamodb.KeyAttributeMetadata;
import software.amazon.awssdk.enhanced.dynamodb.TableMetadata;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/**
 * Creates tables from entity declarations: keys, GSIs and LSIs (projection ALL), on-demand billing, the
 * stream of {@link SkyportTable#stream()} and TTL on the {@link TimeToLive} attribute. Existing tables are left
 * as they are apart from enabling TTL. Used only when {@code skyport.dynamodb.create-tables} is true
 * (local, compose); in AWS, infrastructure creates the same definitions.
 */
public final class TableProvisioner {

    private static final Logger log = LoggerFactory.getLogger(TableProvisioner.class);

    private final DynamoDbClient dynamoDb;
    private final Set<String> ensured = ConcurrentHashMap.newKeySet();

    public TableProvisioner(DynamoDbClient dynamoDb) {
        this.dynamoDb = dynamoDb;
    }

    /** Finds {@link SkyportTable} classes under the packages. */
    public static List<Class<?>> scan(List<String> packages, ClassLoader classLoader) {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(SkyportTable.class));
        List<Class<?>> found = new ArrayList<>();
        for (String pkg : packages) {
            for (BeanDefinition candidate : scanner.findCandidateComponents(pkg)) {
                found.add(ClassUtils.resolveClassName(candidate.getBeanClassName(), classLoader));
            }
        }
        return found;
    }

    /** Creates the table if it does not exist, then makes sure TTL is on. Idempotent and safe across replicas. */
    public void ensureTable(String tableName, TableSchema<?> schema, StreamViewType stream) {
        if (ensured.contains(tableName)) {
            return;
        }
        synchronized (this) {
            if (ensured.contains(tableName)) {
                return;
            }
            create(tableName, schema, stream);
            SkyportAttributeTags.ttlAttribute(schema).ifPresent(attribute -> enableTtl(tableName, attribute));
            ensured.add(tableName);
        }
    }

    /** The CreateTable request a schema declares (also useful to print definitions for infrastructure). */
    public static CreateTableRequest createTableRequest(String tableName, TableSchema<?> schema, StreamViewType stream) {
        TableMetadata metadata = schema.tableMetadata();
        Map<String, ScalarAttributeType> attributes = new LinkedHashMap<>();
        List<KeySchemaElement> keySchema = keySchema(metadata.primaryPartitionKey(), metadata.primarySortKey(),
                metadata, attributes);
        List<GlobalSecondaryIndex> globals = new ArrayList<>();
        List<LocalSecondaryIndex> locals = new ArrayList<>();
        Projection all = Projection.builder().projectionType(ProjectionType.ALL).build();
        for (IndexMetadata index : metadata.indices()) {
            if (TableMetadata.primaryIndexName().equals(index.name())) {
                continue;
            }
            Optional<String> sort = index.sortKey().map(KeyAttributeMetadata::name);
            if (index.partitionKey().isEmpty()) {
                locals.add(LocalSecondaryIndex.builder().indexName(index.name())
                        .keySchema(keySchema(metadata.primaryPartitionKey(), sort, metadata, attributes))
                        .projection(all).build());
            } else {
                globals.add(GlobalSecondaryIndex.builder().indexName(index.name())
                        .keySchema(keySchema(index.partitionKey().get().name(), sort, metadata, attributes))
                        .projection(all).build());
            }
        }
        CreateTableRequest.Builder request = CreateTableRequest.builder().tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST).keySchema(keySchema)
                .attributeDefinitions(attributes.entrySet().stream().map(e -> AttributeDefinition.builder()
                        .attributeName(e.getKey()).attributeType(e.getValue()).build()).toList());
        if (!globals.isEmpty()) {
            request.globalSecondaryIndexes(globals);
        }
        if (!locals.isEmpty()) {
            request.localSecondaryIndexes(locals);
        }
        if (stream != null && stream != StreamViewType.UNKNOWN_TO_SDK_VERSION) {
            request.streamSpecification(StreamSpecification.builder().streamEnabled(true).streamViewType(stream).build());
        }
        return request.build();
    }

    private void create(String tableName, TableSchema<?> schema, StreamViewType stream) {
        try {
            TableStatus status = dynamoDb.createTable(createTableRequest(tableName, schema, stream))
                    .tableDescription().tableStatus();
            if (status != TableStatus.ACTIVE) {
                dynamoDb.waiter().waitUntilTableExists(r -> r.tableName(tableName));
            }
            log.info("created table {}", tableName);
        } catch (ResourceInUseException e) {
            log.debug("table {} already exists", tableName);
        }
    }

    private void enableTtl(String tableName, String attribute) {
        TimeToLiveStatus status = dynamoDb.describeTimeToLive(r -> r.tableName(tableName))
                .timeToLiveDescription().timeToLiveStatus();
        if (status == TimeToLiveStatus.ENABLED || status == TimeToLiveStatus.ENABLING) {
            return;
        }
        dynamoDb.updateTimeToLive(r -> r.tableName(tableName)
                .timeToLiveSpecification(s -> s.attributeName(attribute).enabled(true)));
        log.info("enabled TTL on {}.{}", tableName, attribute);
    }

    private static List<KeySchemaElement> keySchema(String partition, Optional<String> sort, TableMetadata metadata,
            Map<String, ScalarAttributeType> attributes) {
        List<KeySchemaElement> elements = new ArrayList<>();
        elements.add(KeySchemaElement.builder().attributeName(partition).keyType(KeyType.HASH).build());
        attributes.put(partition, scalarType(metadata, partition));
        sort.ifPresent(s -> {
            elements.add(KeySchemaElement.builder().attributeName(s).keyType(KeyType.RANGE).build());
            attributes.put(s, scalarType(metadata, s));
        });
        return elements;
    }

    private static ScalarAttributeType scalarType(TableMetadata metadata, String attribute) {
        return metadata.scalarAttributeType(attribute).orElseThrow(() -> new IllegalStateException(
                "key attribute " + attribute + " has no scalar type"));
    }
}
