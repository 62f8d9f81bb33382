package dev.skyport.starter.dynamo;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Wraps every DynamoDB call in a Micrometer {@link Observation} named {@code dynamodb.operation} (a timer metric
 * and a child span of the current trace), tagged with the operation and table.
 */
public final class DynamoDbObservationInterceptor implements ExecutionInterceptor {

    private static final ExecutionAttribute<Observation> OBSERVATION = new ExecutionAttribute<>("skyport.observation");
    private static final ExecutionAttribute<Observation.Scope> SCOPE = new ExecutionAttribute<>("skyport.observation.scope");

    private final ObservationRegistry registry;

    public DynamoDbObservationInterceptor(ObservationRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        String table = tableName(context.request());
        Observation observation = Observation.createNotStarted("dynamodb.operation", registry)
                .contextualName("dynamodb " + operation)
                .lowCardinalityKeyValue("db.system", "dynamodb")
                .lowCardinalityKeyValue("operation", operation == null ? "unknown" : operation)
                .lowCardinalityKeyValue("table", table == null ? "none" : table)
                .start();
        attributes.putAttribute(OBSERVATION, observation);
        attributes.putAttribute(SCOPE, observation.openScope());
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        finish(attributes, null);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        finish(attributes, context.exception());
    }

    private static void finish(ExecutionAttributes attributes, Throwable error) {
        Observation.Scope scope = attributes.getAttribute(SCOPE);
        Observation observation = attributes.getAttribute(OBSERVATION);
        if (scope != null) {
            scope.close();
            attributes.putAttribute(SCOPE, null);
        }
        if (observation != null) {
            if (error != null) {
                observation.error(error);
            }
            observation.stop();
            attributes.putAttribute(OBSERVATION, null);
        }
    }

    private static String tableName(SdkRequest request) {
        return request.getValueForField("TableName", String.class).orElse(null);
    }
}
