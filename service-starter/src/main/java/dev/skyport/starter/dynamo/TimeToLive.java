package dev.skyport.starter.dynamo;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.BeanTableSchemaAttributeTag;

/**
 * Marks the getter of a numeric epoch-seconds attribute as the table's TTL attribute. Put it next to the
 * enhanced client's annotations (on the getter); {@link TableProvisioner} enables TTL on it.
 * Use {@link dev.skyport.starter.data.Ttl#after(java.time.Duration)} to compute values.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@BeanTableSchemaAttributeTag(SkyportAttributeTags.class)
public @interface TimeToLive {
}
