package dev.skyport.starter.data;

import java.math.BigDecimal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.enhanced.dynamodb.AttributeConverter;
import software.amazon.awssdk.enhanced.dynamodb.DefaultAttributeConverterProvider;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Converts plain Java values to {@link AttributeValue}s the way the enhanced client's default converters do. */
public final class AttributeValues {

    private static final DefaultAttributeConverterProvider PROVIDER = DefaultAttributeConverterProvider.create();
    private static final Map<Class<?>, AttributeConverter<?>> CONVERTERS = new ConcurrentHashMap<>();

    private AttributeValues() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static AttributeValue of(Object value) {
        if (value == null) {
            return AttributeValue.fromNul(true);
        }
        if (value instanceof AttributeValue av) {
            return av;
        }
        if (value instanceof String s) {
            return AttributeValue.fromS(s);
        }
        if (value instanceof BigDecimal d) {
            return AttributeValue.fromN(d.toPlainString());
        }
        if (value instanceof Number n) {
            return AttributeValue.fromN(n.toString());
        }
        if (value instanceof Boolean b) {
            return AttributeValue.fromBool(b);
        }
        if (value instanceof Enum<?> e) {
            return AttributeValue.fromS(e.name());
        }
        if (value instanceof byte[] bytes) {
            return AttributeValue.fromB(SdkBytes.fromByteArray(bytes));
        }
        AttributeConverter converter = CONVERTERS.computeIfAbsent(value.getClass(),
                type -> PROVIDER.converterFor(EnhancedType.of(type)));
        return converter.transformFrom(value);
    }
}
