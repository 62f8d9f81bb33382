package dev.skyport.dynamo.model;

import java.util.Map;

/**
 * An error answered to the client as the service answers it: HTTP status, {@code __type} and message,
 * plus optional extra members (CancellationReasons, Item).
 */
public class DynamoException extends RuntimeException {

    public static final String DYNAMO = "com.amazonaws.dynamodb.v20120810#";
    public static final String VALIDATE = "com.amazon.coral.validate#";
    public static final String SERVICE = "com.amazon.coral.service#";

    private final int status;
    private final String type;
    private final Map<String, Object> extra;

    public DynamoException(int status, String type, String message) {
        this(status, type, message, Map.of());
    }

    public DynamoException(int status, String type, String message, Map<String, Object> extra) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.extra = extra;
    }

    public int status() {
        return status;
    }

    /** The full {@code __type}, e.g. {@code com.amazonaws.dynamodb.v20120810#ResourceNotFoundException}. */
    public String type() {
        return type;
    }

    /** Members added to the error body besides {@code __type} and {@code message}. */
    public Map<String, Object> extra() {
        return extra;
    }

    public static DynamoException validation(String message) {
        return new DynamoException(400, VALIDATE + "ValidationException", message);
    }

    public static DynamoException serialization(String message) {
        return new DynamoException(400, SERVICE + "SerializationException", message);
    }

    public static DynamoException resourceNotFound(String message) {
        return new DynamoException(400, DYNAMO + "ResourceNotFoundException", message);
    }

    /** The service's answer for a resource the caller may not touch (such as a table that is not there). */
    public static DynamoException accessDenied(String message) {
        return new DynamoException(400, SERVICE + "AccessDeniedException", message);
    }

    public static DynamoException resourceInUse(String message) {
        return new DynamoException(400, DYNAMO + "ResourceInUseException", message);
    }

    public static DynamoException conditionalCheckFailed(Map<String, Object> extra) {
        return new DynamoException(400, DYNAMO + "ConditionalCheckFailedException",
                "The conditional request failed", extra);
    }

    public static DynamoException transactionConflict(String message) {
        return new DynamoException(400, DYNAMO + "TransactionConflictException", message);
    }

    public static DynamoException dynamo(String shortType, String message) {
        return new DynamoException(400, DYNAMO + shortType, message);
    }
}
