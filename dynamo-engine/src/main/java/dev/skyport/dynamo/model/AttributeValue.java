package dev.skyport.dynamo.model;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A DynamoDB attribute value: an immutable, validated value of one of the ten data types.
 * Instances are created only from already-validated input (see {@link AttributeValues}).
 */
public sealed interface AttributeValue {

    /** The wire type code: S, N, B, BOOL, NULL, L, M, SS, NS, BS. */
    String type();

    record S(String value) implements AttributeValue {
        public String type() { return "S"; }
    }

    /** A number, held stripped of trailing zeros so that equal numbers are equal records. */
    record N(BigDecimal value) implements AttributeValue {
        public N {
            value = Numbers.canonical(value);
        }
        public String type() { return "N"; }
        /** The service's canonical text: no exponent, no trailing zeros. */
        public String text() { return value.toPlainString(); }
    }

    record B(Bytes value) implements AttributeValue {
        public String type() { return "B"; }
    }

    record Bool(boolean value) implements AttributeValue {
        public static final Bool TRUE = new Bool(true);
        public static final Bool FALSE = new Bool(false);
        public String type() { return "BOOL"; }
    }

    record Null() implements AttributeValue {
        public static final Null INSTANCE = new Null();
        public String type() { return "NULL"; }
    }

    record L(List<AttributeValue> values) implements AttributeValue {
        public L {
            values = List.copyOf(values);
        }
        public String type() { return "L"; }
    }

    record M(Map<String, AttributeValue> values) implements AttributeValue {
        public M {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }
        public String type() { return "M"; }
    }

    /** A string set; insertion order is kept for output, equality is set equality. */
    record SS(Set<String> values) implements AttributeValue {
        public SS {
            values = Collections.unmodifiableSet(new LinkedHashSet<>(values));
        }
        public String type() { return "SS"; }
    }

    /** A number set of canonical numbers. */
    record NS(Set<BigDecimal> values) implements AttributeValue {
        public NS {
            LinkedHashSet<BigDecimal> canonical = new LinkedHashSet<>();
            for (BigDecimal v : values) {
                canonical.add(Numbers.canonical(v));
            }
            values = Collections.unmodifiableSet(canonical);
        }
        public String type() { return "NS"; }
    }

    record BS(Set<Bytes> values) implements AttributeValue {
        public BS {
            values = Collections.unmodifiableSet(new LinkedHashSet<>(values));
        }
        public String type() { return "BS"; }
    }

    static S s(String value) { return new S(value); }

    static N n(String value) { return new N(new BigDecimal(value)); }

    static N n(long value) { return new N(BigDecimal.valueOf(value)); }

    static N n(BigDecimal value) { return new N(value); }

    static B b(byte[] value) { return new B(Bytes.copyOf(value)); }

    static Bool bool(boolean value) { return value ? Bool.TRUE : Bool.FALSE; }
}
