package dev.skyport.dynamo.model;

import java.nio.charset.StandardCharsets;

/** Ordering of scalar values as DynamoDB orders keys: strings by UTF-8 bytes, numbers by value, binary unsigned. */
public final class Values {

    private Values() {
    }

    /** Compares two scalars of the same type (S, N or B). */
    public static int compare(AttributeValue a, AttributeValue b) {
        return switch (a) {
            case AttributeValue.S s -> compareStrings(s.value(), ((AttributeValue.S) b).value());
            case AttributeValue.N n -> n.value().compareTo(((AttributeValue.N) b).value());
            case AttributeValue.B x -> x.value().compareTo(((AttributeValue.B) b).value());
            default -> throw new IllegalArgumentException("not a scalar key type: " + a.type());
        };
    }

    /** UTF-8 byte order, which differs from UTF-16 order only for supplementary characters. */
    public static int compareStrings(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char ca = a.charAt(i);
            char cb = b.charAt(i);
            if (ca != cb) {
                if (Character.isSurrogate(ca) || Character.isSurrogate(cb)
                        || ca >= 0xE000 || cb >= 0xE000) {
                    return java.util.Arrays.compareUnsigned(
                            a.substring(i).getBytes(StandardCharsets.UTF_8),
                            b.substring(i).getBytes(StandardCharsets.UTF_8));
                }
                return ca - cb;
            }
        }
        return a.length() - b.length();
    }

    /** True when the value is one of the key types S, N, B. */
    public static boolean isScalarKeyType(AttributeValue v) {
        return v instanceof AttributeValue.S || v instanceof AttributeValue.N || v instanceof AttributeValue.B;
    }
}
