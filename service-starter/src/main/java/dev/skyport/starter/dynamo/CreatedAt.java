package dev.skyport.starter.dynamo;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.BeanTableSchemaAttributeTag;

/**
 * Marks the getter of an {@link java.time.Instant} attribute set by {@link dev.skyport.starter.data.EntityTable}
 * when the item is first written (kept as is on later writes when the item carries it).
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@BeanTableSchemaAttributeTag(SkyportAttributeTags.class)
public @interface CreatedAt {
}
