package dev.skyport.dynamo.api.shape;

import dev.skyport.dynamo.model.DynamoException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Validates a request body against the operation's input shape the way the service does, before
 * the operation runs:
 * <ol>
 *   <li>type check (the service's deserializer): a member of the wrong JSON type is a
 *       {@code com.amazon.coral.service#SerializationException} with the deserializer's message;
 *       unknown members and null members are dropped; Integer, Long, Double and Boolean members
 *       are converted to those Java types;</li>
 *   <li>constraint validation (coral validate): required members, lengths, ranges, patterns and
 *       enums, all errors collected into one {@code com.amazon.coral.validate#ValidationException}
 *       ("N validation errors detected: ...", at most ten).</li>
 * </ol>
 * The shapes come from the AWS service models shipped as resources beside this class, adjusted by
 * {@code quirks.txt} where the live service behaves otherwise. AttributeValue subtrees are type
 * checked but left as trees; their own rules are {@link dev.skyport.dynamo.model.AttributeValues}'.
 * The operations' semantic checks ("One or more parameter values were invalid: ...") come after
 * this and are not done here.
 */
public final class RequestShapes {

    /** The {@code X-Amz-Target} prefix of DynamoDB. */
    public static final String DYNAMODB = "DynamoDB_20120810";
    /** The {@code X-Amz-Target} prefix of DynamoDB Streams. */
    public static final String STREAMS = "DynamoDBStreams_20120810";

    private RequestShapes() {
    }

    private static final class DynamoDbModel {
        static final ServiceModel MODEL = ServiceModel.load(DYNAMODB, "dynamodb-2012-08-10.json", "DynamoDB");
    }

    private static final class StreamsModel {
        static final ServiceModel MODEL = ServiceModel.load(STREAMS, "streams.dynamodb-2012-08-10.json", "Streams");
    }

    private static ServiceModel model(String service) {
        if (DYNAMODB.equals(service)) {
            return DynamoDbModel.MODEL;
        }
        if (STREAMS.equals(service)) {
            return StreamsModel.MODEL;
        }
        return null;
    }

    /** Whether the service ({@link #DYNAMODB} or {@link #STREAMS}) has this operation. */
    public static boolean knows(String service, String operation) {
        ServiceModel m = model(service);
        return m != null && operation != null && m.operationNames.contains(operation);
    }

    /** The service's operation names. */
    public static Set<String> operations(String service) {
        ServiceModel m = model(service);
        return m == null ? Set.of() : m.operationNames;
    }

    /**
     * Reads both service models and builds every operation's shapes now rather than on first use;
     * an engine may call this from a background thread at startup.
     */
    public static void preload() {
        DynamoDbModel.MODEL.buildAll();
        StreamsModel.MODEL.buildAll();
    }

    /**
     * Type checks then validates a parsed request body and returns it normalized: unknown and null
     * members dropped, Integer/Long/Double/Boolean members as those Java types, everything else as
     * the parsed tree ({@code Map}, {@code List}, {@code String}, {@code BigDecimal} timestamps).
     *
     * @param body the parsed JSON body ({@code dev.skyport.dynamo.json.Json#parse}); null is an empty request
     * @throws DynamoException SerializationException or ValidationException as the service answers
     * @throws IllegalArgumentException for an operation that {@link #knows} does not know
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> validate(String service, String operation, Object body) {
        ServiceModel m = model(service);
        Shape input = m == null || operation == null ? null : m.input(operation);
        if (input == null) {
            throw new IllegalArgumentException("unknown operation " + service + "." + operation);
        }
        Map<String, Object> data;
        if (body == null) {
            data = new LinkedHashMap<>();
        } else if (body instanceof Map<?, ?> map) {
            data = TypeCheck.structure(input, (Map<String, Object>) map);
        } else {
            // A body that is not a JSON object cannot be bound to the input structure at all.
            throw DynamoException.serialization(null);
        }
        if (!m.typesOnly.contains(operation)) {
            ConstraintCheck.run(input, data);
        }
        return data;
    }

    /** {@link #validate(String, String, Object)} for a body already known to be a JSON object. */
    public static Map<String, Object> validate(String service, String operation, Map<String, Object> body) {
        return validate(service, operation, (Object) body);
    }
}
