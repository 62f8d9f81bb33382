package dev.skyport.dynamo.api;

import dev.skyport.dynamo.access.AccessRecorder;
import dev.skyport.dynamo.access.AccessedResources;
import dev.skyport.dynamo.api.shape.RequestShapes;
import dev.skyport.dynamo.json.Json;
import dev.skyport.dynamo.model.DynamoException;
import dev.skyport.dynamo.storage.Database;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The DynamoDB API over a {@link Database}: turns a target and a JSON body into a JSON answer the way
 * the service does (operation lookup, deserialization, validation, execution, error bodies).
 * Protocol-independent: the HTTP layer only moves bytes.
 */
public final class DynamoApi {

    public static final String DYNAMODB = "DynamoDB_20120810";
    public static final String STREAMS = "DynamoDBStreams_20120810";

    /** An answer: HTTP status, JSON body, and when it may be sent (after its writes are durable). */
    public record Response(int status, byte[] body, CompletableFuture<Void> durable) {
    }

    private final Engine engine;
    private final AccessRecorder accessRecorder;
    private final Map<String, Operation> operations = new HashMap<>();

    public DynamoApi(Engine engine) {
        this(engine, null);
    }

    /** @param accessRecorder where to record who touches what (null: nothing is recorded, the default) */
    public DynamoApi(Engine engine, AccessRecorder accessRecorder) {
        this.engine = engine;
        this.accessRecorder = accessRecorder;
        TableOperations.register(engine, operations);
        ItemOperations.register(engine, operations);
        BatchOperations.register(engine, operations);
        TransactionOperations.register(engine, operations);
        PartiQlOperations.register(engine, operations);
        StreamOperations.register(engine, operations);
    }

    public Engine engine() {
        return engine;
    }

    /** An answer written into a caller's buffer: HTTP status, and when it may be sent. */
    public record Answer(int status, CompletableFuture<Void> durable) {
    }

    /** Handles one call; {@code target} is the X-Amz-Target header, e.g. {@code DynamoDB_20120810.GetItem}. */
    public Response handle(String target, byte[] body, int offset, int length, RequestContext context) {
        Outcome outcome = execute(target, body, offset, length, context);
        try {
            return new Response(outcome.status, Json.write(outcome.body), outcome.durable);
        } catch (RuntimeException e) {
            return internalError(target, e);
        }
    }

    /**
     * As {@link #handle(String, byte[], int, int, RequestContext)}, writing the JSON body to {@code out} (the
     * HTTP front end passes a pooled buffer, so an answer costs no garbage-collected copy of itself). A
     * RuntimeException from here is a bug met while writing: answer {@link #internalError} instead.
     */
    public Answer handle(String target, byte[] body, int offset, int length, RequestContext context, OutputStream out) {
        Outcome outcome = execute(target, body, offset, length, context);
        Json.write(outcome.body, out);
        return new Answer(outcome.status, outcome.durable);
    }

    private record Outcome(int status, Object body, CompletableFuture<Void> durable) {
    }

    @SuppressWarnings("unchecked")
    private Outcome execute(String target, byte[] body, int offset, int length, RequestContext context) {
        try {
            Object tree = length == 0 ? null : Json.parse(body, offset, length);
            int dot = target == null ? -1 : target.indexOf('.');
            String service = dot < 0 ? null : target.substring(0, dot);
            String operationName = dot < 0 ? null : target.substring(dot + 1);
            Operation operation = dot < 0 ? null : operations.get(target);
            if (operation == null || !RequestShapes.knows(service, operationName)) {
                throw new DynamoException(400, DynamoException.SERVICE + "UnknownOperationException", null);
            }
            if (context.authError() != null) {
                throw context.authError();
            }
            if (!(tree instanceof Map<?, ?> map)) {
                throw DynamoException.serialization(null);
            }
            Map<String, Object> request = RequestShapes.validate(service, operationName, (Map<String, Object>) map);
            if (accessRecorder != null) {
                // Recorded before it runs: IAM authorizes a call that then fails (a condition, a missing table) too.
                String region = context.region() != null ? context.region() : engine.region();
                accessRecorder.record(context.accessKeyId(), operationName, AccessedResources.of(operationName,
                        request, "arn:aws:dynamodb:" + region + ":" + engine.accountId() + ":"));
            }
            Object answer = operation.execute(new Request(request), context);
            return new Outcome(200, answer, context.durable());
        } catch (DynamoException e) {
            return new Outcome(e.status(), errorBody(e), null);
        } catch (RuntimeException | StackOverflowError e) {
            DynamoException internal = logged(target, e);
            return new Outcome(internal.status(), errorBody(internal), null);
        }
    }

    /** A bug, never bad input: the service's answer to its own faults; the bug is logged. */
    public static Response internalError(String target, Throwable e) {
        return error(logged(target, e));
    }

    /** Says where a bug was met, and returns the service's error for its own faults. */
    private static DynamoException logged(String target, Throwable e) {
        System.err.printf("{\"event\":\"internal-error\",\"target\":\"%s\",\"error\":\"%s\"}%n", target,
                String.valueOf(e).replace("\"", "'"));
        e.printStackTrace(System.err);
        return new DynamoException(500, DynamoException.DYNAMO + "InternalServerError", "Internal server error");
    }

    /**
     * The service's error body: {@code __type} plus {@code message} (SerializationException and
     * AccessDeniedException say {@code Message}).
     */
    public static Response error(DynamoException e) {
        return new Response(e.status(), Json.write(errorBody(e)), null);
    }

    private static Map<String, Object> errorBody(DynamoException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("__type", e.type());
        if (e.getMessage() != null) {
            boolean capital = e.type().endsWith("#SerializationException")
                    || e.type().endsWith("#AccessDeniedException");
            body.put(capital ? "Message" : "message", e.getMessage());
        }
        body.putAll(e.extra());
        return body;
    }
}
