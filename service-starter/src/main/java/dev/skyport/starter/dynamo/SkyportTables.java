package dev.skyport.starter.dynamo;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.skyport.starter.data.EntityTable;
import dev.skyport.starter.pagination.CursorCodec;
import jakarta.validation.Validator;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The service's tables: {@code tables.table(Order.class)} gives the {@link EntityTable} of an entity annotated
 * with {@link SkyportTable}, named {@code prefix + name}. When table creation is on, a table is created the
 * first time it is asked for (and {@link TableProvisioner} creates the scanned ones at start-up).
 */
public final class SkyportTables {

    private final DynamoDbEnhancedClient client;
    private final DynamoDbClient dynamoDb;
    private final SkyportDynamoProperties properties;
    private final Validator validator;
    private final Clock clock;
    private final CursorCodec cursors;
    private final TableProvisioner provisioner;
    private final Map<Class<?>, EntityTable<?>> tables = new ConcurrentHashMap<>();

    public SkyportTables(DynamoDbEnhancedClient client, DynamoDbClient dynamoDb, SkyportDynamoProperties properties,
            Validator validator, Clock clock, CursorCodec cursors, TableProvisioner provisioner) {
        this.client = client;
        this.dynamoDb = dynamoDb;
        this.properties = properties;
        this.validator = validator;
        this.clock = clock;
        this.cursors = cursors;
        this.provisioner = provisioner;
    }

    @SuppressWarnings("unchecked")
    public <T> EntityTable<T> table(Class<T> entityClass) {
        return (EntityTable<T>) tables.computeIfAbsent(entityClass, type -> create(entityClass));
    }

    /** A table for an entity with an explicit schema (e.g. a static schema), under a logical name. */
    public <T> EntityTable<T> table(String logicalName, TableSchema<T> schema, SkyportTable declaration) {
        String physical = physicalName(logicalName);
        EntityTable<T> table = new EntityTable<>(logicalName, client, dynamoDb, client.table(physical, schema), validator,
                clock, cursors);
        if (properties.createTables()) {
            provisioner.ensureTable(physical, schema, declaration == null ? null : declaration.stream());
        }
        return table;
    }

    /** The physical name of a logical table. */
    public String physicalName(String logicalName) {
        return properties.tablePrefix() + logicalName;
    }

    /** Tables handed out so far. */
    public Collection<EntityTable<?>> registered() {
        return List.copyOf(tables.values());
    }

    private <T> EntityTable<T> create(Class<T> entityClass) {
        SkyportTable declaration = entityClass.getAnnotation(SkyportTable.class);
        if (declaration == null) {
            throw new IllegalArgumentException(entityClass.getName() + " is not annotated with @SkyportTable");
        }
        return table(declaration.name(), TableSchema.fromClass(entityClass), declaration);
    }
}
