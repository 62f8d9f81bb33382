package dev.skyport.dynamo.api.shape;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.skyport.dynamo.json.Json;
import dev.skyport.dynamo.model.DynamoException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Test helpers: run a JSON body through {@link RequestShapes} and look at what comes back. */
final class Requests {

    static final String SERIALIZATION = "com.amazon.coral.service#SerializationException";
    static final String VALIDATION = "com.amazon.coral.validate#ValidationException";

    private Requests() {
    }

    static Object parse(String json) {
        return Json.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, Object> valid(String operation, String json) {
        return RequestShapes.validate(RequestShapes.DYNAMODB, operation, parse(json));
    }

    static Map<String, Object> validStreams(String operation, String json) {
        return RequestShapes.validate(RequestShapes.STREAMS, operation, parse(json));
    }

    static DynamoException error(String operation, String json) {
        return error(RequestShapes.DYNAMODB, operation, json);
    }

    static DynamoException error(String service, String operation, String json) {
        Object body = parse(json);
        DynamoException e = catchThrowableOfType(DynamoException.class,
                () -> RequestShapes.validate(service, operation, body));
        assertThat(e).as("%s %s should be refused", operation, json).isNotNull();
        assertThat(e.status()).isEqualTo(400);
        return e;
    }

    /** The SerializationException message the body gets. */
    static String typeError(String operation, String json) {
        DynamoException e = error(operation, json);
        assertThat(e.type()).isEqualTo(SERIALIZATION);
        return e.getMessage();
    }

    /** The ValidationException message the body gets. */
    static String validationError(String operation, String json) {
        DynamoException e = error(operation, json);
        assertThat(e.type()).isEqualTo(VALIDATION);
        return e.getMessage();
    }

    static String streamsValidationError(String operation, String json) {
        DynamoException e = error(RequestShapes.STREAMS, operation, json);
        assertThat(e.type()).isEqualTo(VALIDATION);
        return e.getMessage();
    }
}
