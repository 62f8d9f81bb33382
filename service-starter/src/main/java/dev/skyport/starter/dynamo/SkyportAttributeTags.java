package dev.skyport.starter.dynamo;

import java.util.Optional;

import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTag;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags;
import software.amazon.awssdk.enhanced.dynamodb.mapper.UpdateBehavior;

/**
 * Bridges Skyport's attribute annotations into the enhanced client's table metadata, so the attribute names
 * are known from the {@link TableSchema} alone (bean, immutable or static schemas alike).
 */
public final class SkyportAttributeTags {

    static final String TTL = "skyport:ttlAttribute";
    static final String CREATED_AT = "skyport:createdAtAttribute";
    static final String UPDATED_AT = "skyport:updatedAtAttribute";

    private SkyportAttributeTags() {
    }

    // Called reflectively by the enhanced client's BeanTableSchema/ImmutableTableSchema.
    public static StaticAttributeTag attributeTagFor(TimeToLive annotation) {
        return tag(TTL);
    }

    public static StaticAttributeTag attributeTagFor(CreatedAt annotation) {
        return createdAt();
    }

    public static StaticAttributeTag attributeTagFor(UpdatedAt annotation) {
        return tag(UPDATED_AT);
    }

    /** A tag for static schemas: {@code .tags(SkyportAttributeTags.timeToLive())}. */
    public static StaticAttributeTag timeToLive() {
        return tag(TTL);
    }

    /** Also makes updates write the attribute only when absent, so the first write's time is kept. */
    public static StaticAttributeTag createdAt() {
        StaticAttributeTag keepFirst = StaticAttributeTags.updateBehavior(UpdateBehavior.WRITE_IF_NOT_EXISTS);
        return (attributeName, attributeValueType) -> metadata -> {
            metadata.addCustomMetadataObject(CREATED_AT, attributeName);
            keepFirst.modifyMetadata(attributeName, attributeValueType).accept(metadata);
        };
    }

    public static StaticAttributeTag updatedAt() {
        return tag(UPDATED_AT);
    }

    public static Optional<String> ttlAttribute(TableSchema<?> schema) {
        return schema.tableMetadata().customMetadataObject(TTL, String.class);
    }

    public static Optional<String> createdAtAttribute(TableSchema<?> schema) {
        return schema.tableMetadata().customMetadataObject(CREATED_AT, String.class);
    }

    public static Optional<String> updatedAtAttribute(TableSchema<?> schema) {
        return schema.tableMetadata().customMetadataObject(UPDATED_AT, String.class);
    }

    private static StaticAttributeTag tag(String key) {
        return (attributeName, attributeValueType) -> metadata -> metadata.addCustomMetadataObject(key, attributeName);
    }
}
