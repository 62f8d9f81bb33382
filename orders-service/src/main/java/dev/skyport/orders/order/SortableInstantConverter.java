package dev.skyport.orders.order;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import software.amazon.awssdk.enhanced.dynamodb.AttributeConverter;
import software.amazon.awssdk.enhanced.dynamodb.AttributeValueType;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Stores an instant as a fixed-width UTC string with milliseconds ({@code 2026-11-26T01:02:03.004Z}).
 * The SDK's default writes a variable number of fraction digits, and then "…:03Z" sorts after
 * "…:03.5Z"; a fixed width keeps string order equal to time order, which a sort key needs.
 */
public final class SortableInstantConverter implements AttributeConverter<Instant> {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Override
    public AttributeValue transformFrom(Instant input) {
        return AttributeValue.fromS(format(input));
    }

    @Override
    public Instant transformTo(AttributeValue input) {
        return Instant.parse(input.s());
    }

    @Override
    public EnhancedType<Instant> type() {
        return EnhancedType.of(Instant.class);
    }

    @Override
    public AttributeValueType attributeValueType() {
        return AttributeValueType.S;
    }

    public static String format(Instant instant) {
        return FORMAT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }
}
