package dev.skyport.dynamo.api.table;

import dev.skyport.dynamo.api.Engine;
import dev.skyport.dynamo.api.RequestContext;
import dev.skyport.dynamo.model.DynamoException;
import dev.skyport.dynamo.storage.TableData;
import dev.skyport.dynamo.storage.TableDefinition;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** What the control-plane operations share: the engine, and the lookups and ARNs every operation needs. */
public final class ControlPlane {

    static final String INVALID = "One or more parameter values were invalid: ";

    private final Engine engine;

    public ControlPlane(Engine engine) {
        this.engine = engine;
    }

    Engine engine() {
        return engine;
    }

    long now() {
        return engine.clock().millis();
    }

    /** The region the caller addressed (its credential scope), else the engine's. */
    String region(RequestContext context) {
        return context.region() != null ? context.region() : engine.region();
    }

    String tableArn(RequestContext context, String tableName) {
        return "arn:aws:dynamodb:" + region(context) + ":" + engine.accountId() + ":table/" + tableName;
    }

    /**
     * The table a control-plane call names (TableName may also be the table's ARN), or the service's
     * ResourceNotFoundException, which for these calls names the table.
     */
    TableData table(String nameOrArn) {
        String name = tableName(nameOrArn);
        TableData table = engine.database().table(name);
        if (table == null) {
            throw DynamoException.resourceNotFound("Requested resource not found: Table: " + name + " not found");
        }
        return table;
    }

    /** The table name of a TableName member, which the service also accepts as a table ARN. */
    static String tableName(String nameOrArn) {
        if (nameOrArn != null && nameOrArn.startsWith("arn:")) {
            int at = nameOrArn.indexOf(":table/");
            if (at >= 0) {
                String rest = nameOrArn.substring(at + ":table/".length());
                int slash = rest.indexOf('/');
                return slash < 0 ? rest : rest.substring(0, slash);
            }
        }
        return nameOrArn;
    }

    /**
     * Indexes UpdateTable created are filled synchronously, so by the time the client looks again they
     * are ready: the first look after the creation answer shows them ACTIVE.
     */
    void settle(TableData table, RequestContext context) {
        TableDefinition definition = table.definition();
        boolean pending = definition.globalIndexes().stream()
                .anyMatch(i -> !"ACTIVE".equals(i.status()) || i.backfilling());
        if (!pending) {
            return;
        }
        try {
            context.awaitDurable(engine.database().updateDefinition(definition.name(), current -> {
                DefinitionBuilder b = new DefinitionBuilder(current);
                b.globalIndexes.replaceAll(i -> "CREATING".equals(i.status()) || i.backfilling()
                        ? i.withStatus("ACTIVE", false) : i);
                return b.build();
            }).durable());
        } catch (DynamoException e) {
            // Dropped meanwhile: the caller's answer is built from what it already read.
        }
    }

    /**
     * The KMS key of an encrypted table: the one asked for (id, alias or ARN), else the account's
     * AWS-managed DynamoDB key, which is the same for every table of the account and region.
     */
    String kmsKeyArn(String requested, RequestContext context) {
        String prefix = "arn:aws:kms:" + region(context) + ":" + engine.accountId() + ":";
        if (requested == null) {
            return prefix + "key/" + UUID.nameUUIDFromBytes(("aws/dynamodb:" + prefix).getBytes(StandardCharsets.UTF_8));
        }
        if (requested.startsWith("arn:")) {
            return requested;
        }
        return prefix + (requested.startsWith("alias/") ? requested : "key/" + requested);
    }
}
