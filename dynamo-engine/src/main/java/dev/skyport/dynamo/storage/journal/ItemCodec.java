package dev.skyport.dynamo.storage.journal;

import dev.skyport.dynamo.model.AttributeValue;
import dev.skyport.dynamo.model.Bytes;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compact binary form of items and attribute values: a type tag byte, then the value. Maps and sets
 * keep their iteration order; numbers are stored as their canonical text ({@link BigDecimal#toString()}
 * of the canonical value, which parses back to the identical value).
 */
public final class ItemCodec {

    static final int S = 1;
    static final int N = 2;
    static final int B = 3;
    static final int FALSE = 4;
    static final int TRUE = 5;
    static final int NULL = 6;
    static final int L = 7;
    static final int M = 8;
    static final int SS = 9;
    static final int NS = 10;
    static final int BS = 11;

    /** DynamoDB allows 32 levels of nesting; anything much deeper is damage, not data. */
    private static final int MAX_DEPTH = 256;

    private ItemCodec() {
    }

    public static void writeItem(ByteSink out, Map<String, AttributeValue> item) {
        out.writeVarInt(item.size());
        for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
            out.writeString(e.getKey());
            writeValue(out, e.getValue());
        }
    }

    public static Map<String, AttributeValue> readItem(ByteSource in) {
        return readMap(in, 0);
    }

    public static void writeValue(ByteSink out, AttributeValue value) {
        switch (value) {
            case AttributeValue.S s -> {
                out.writeByte(S);
                out.writeString(s.value());
            }
            case AttributeValue.N n -> {
                out.writeByte(N);
                out.writeString(n.value().toString());
            }
            case AttributeValue.B b -> {
                out.writeByte(B);
                out.writeBytes(b.value().toByteArray());
            }
            case AttributeValue.Bool b -> out.writeByte(b.value() ? TRUE : FALSE);
            case AttributeValue.Null ignored -> out.writeByte(NULL);
            case AttributeValue.L l -> {
                out.writeByte(L);
                out.writeVarInt(l.values().size());
                for (AttributeValue v : l.values()) {
                    writeValue(out, v);
                }
            }
            case AttributeValue.M m -> {
                out.writeByte(M);
                writeItem(out, m.values());
            }
            case AttributeValue.SS ss -> {
                out.writeByte(SS);
                out.writeVarInt(ss.values().size());
                for (String v : ss.values()) {
                    out.writeString(v);
                }
            }
            case AttributeValue.NS ns -> {
                out.writeByte(NS);
                out.writeVarInt(ns.values().size());
                for (BigDecimal v : ns.values()) {
                    out.writeString(v.toString());
                }
            }
            case AttributeValue.BS bs -> {
                out.writeByte(BS);
                out.writeVarInt(bs.values().size());
                for (Bytes v : bs.values()) {
                    out.writeBytes(v.toByteArray());
                }
            }
        }
    }

    public static AttributeValue readValue(ByteSource in) {
        return readValue(in, 0);
    }

    private static Map<String, AttributeValue> readMap(ByteSource in, int depth) {
        int n = in.readCount();
        Map<String, AttributeValue> map = new LinkedHashMap<>(Math.max(4, (int) (n / 0.75f) + 1));
        for (int i = 0; i < n; i++) {
            String name = in.readString();
            map.put(name, readValue(in, depth));
        }
        return map;
    }

    private static AttributeValue readValue(ByteSource in, int depth) {
        if (depth > MAX_DEPTH) {
            throw new CorruptDataException("values nested too deeply");
        }
        int tag = in.readByte();
        switch (tag) {
            case S:
                return new AttributeValue.S(in.readString());
            case N:
                return new AttributeValue.N(number(in.readString()));
            case B:
                return new AttributeValue.B(Bytes.wrap(in.readBytes()));
            case FALSE:
                return AttributeValue.Bool.FALSE;
            case TRUE:
                return AttributeValue.Bool.TRUE;
            case NULL:
                return AttributeValue.Null.INSTANCE;
            case L: {
                int n = in.readCount();
                List<AttributeValue> values = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    values.add(readValue(in, depth + 1));
                }
                return new AttributeValue.L(values);
            }
            case M:
                return new AttributeValue.M(readMap(in, depth + 1));
            case SS: {
                int n = in.readCount();
                Set<String> values = new LinkedHashSet<>(Math.max(4, n * 2));
                for (int i = 0; i < n; i++) {
                    values.add(in.readString());
                }
                return new AttributeValue.SS(values);
            }
            case NS: {
                int n = in.readCount();
                Set<BigDecimal> values = new LinkedHashSet<>(Math.max(4, n * 2));
                for (int i = 0; i < n; i++) {
                    values.add(number(in.readString()));
                }
                return new AttributeValue.NS(values);
            }
            case BS: {
                int n = in.readCount();
                Set<Bytes> values = new LinkedHashSet<>(Math.max(4, n * 2));
                for (int i = 0; i < n; i++) {
                    values.add(Bytes.wrap(in.readBytes()));
                }
                return new AttributeValue.BS(values);
            }
            default:
                throw new CorruptDataException("unknown value tag " + tag);
        }
    }

    private static BigDecimal number(String text) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw new CorruptDataException("bad number " + text);
        }
    }
}
