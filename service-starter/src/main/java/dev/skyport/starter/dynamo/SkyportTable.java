package dev.skyport.starter.dynamo;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * Declares a DynamoDB entity's logical table. The physical name is {@code skyport.dynamodb.table-prefix + name};
 * {@link TableProvisioner} creates the table (keys, indexes, TTL, stream) from this class when enabled.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface SkyportTable {

    /** Logical table name, without the environment prefix. */
    String name();

    /**
     * Stream view type of the table's stream. The default {@code UNKNOWN_TO_SDK_VERSION} means "no stream"
     * (annotation members cannot default to null).
     */
    StreamViewType stream() default StreamViewType.UNKNOWN_TO_SDK_VERSION;
}
