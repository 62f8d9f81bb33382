package dev.skyport.dynamo.model;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Item and attribute sizes as the service counts them for its 400 KB item limit. */
public final class ItemSize {

    private ItemSize() {
    }

    public static long of(Map<String, AttributeValue> item) {
        long size = 0;
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            size += utf8Length(e.getKey()) + of(e.getValue());
        }
        return size;
    }

    public static long of(AttributeValue value) {
        return switch (value) {
            case AttributeValue.S s -> utf8Length(s.value());
            case AttributeValue.N n -> numberSize(n.value());
            case AttributeValue.B b -> b.value().length();
            case AttributeValue.Bool ignored -> 1;
            case AttributeValue.Null ignored -> 1;
            case AttributeValue.SS ss -> ss.values().stream().mapToLong(ItemSize::utf8Length).sum();
            case AttributeValue.NS ns -> ns.values().stream().mapToLong(ItemSize::numberSize).sum();
            case AttributeValue.BS bs -> bs.values().stream().mapToLong(Bytes::length).sum();
            case AttributeValue.L l -> 3 + l.values().stream().mapToLong(v -> 1 + of(v)).sum();
            case AttributeValue.M m -> 3 + m.values().size() + of(m.values());
        };
    }

    static long numberSize(BigDecimal value) {
        if (value.signum() == 0) {
            return 1;
        }
        int digits = value.precision();
        int exponent = value.precision() - value.scale() - 1;
        return 1 + (digits + 1) / 2 + ((digits % 2 != 0 || exponent % 2 != 0) ? 0 : 1) + (value.signum() < 0 ? 1 : 0);
    }

    public static int utf8Length(String s) {
        int length = s.length();
        // Fast path for ASCII, which is what nearly every attribute name and most values are.
        for (int i = 0; i < length; i++) {
            if (s.charAt(i) >= 0x80) {
                return s.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return length;
    }
}
