package dev.skyport.dynamo.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import dev.skyport.dynamo.model.AttributeValue;
import dev.skyport.dynamo.model.DynamoException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON in and out of the engine. Requests are read into a plain tree ({@code Map<String,Object>},
 * {@code List<Object>}, {@code String}, {@code BigDecimal}, {@code Boolean}, {@code null}) that the
 * operations validate the way the service does; responses are written from the same kind of tree,
 * which may also hold {@link AttributeValue}s and items.
 */
public final class Json {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(64 * 1024 * 1024)
                    // Attribute names may be 65,535 bytes (AttributeValues.checkName says so in the service's
                    // words); Jackson's default of 50,000 would refuse them as malformed JSON first.
                    .maxNameLength(4 * 65_536)
                    .maxNestingDepth(1000)
                    .build())
            .build();

    // For what the engine keeps on disk: every non-ASCII char escaped (backslash, u, four hex digits), so that a
    // string that is not well-formed UTF-16 (a lone surrogate in an attribute name) reads back as it was written.
    private static final JsonFactory ASCII = JsonFactory.builder()
            .streamReadConstraints(FACTORY.streamReadConstraints())
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
            .build();

    private Json() {
    }

    /** Parses a request body; malformed JSON is the service's SerializationException. */
    public static Object parse(byte[] body, int offset, int length) {
        try (JsonParser parser = FACTORY.createParser(body, offset, length)) {
            return parse(parser);
        } catch (IOException e) {
            throw DynamoException.serialization(null);
        }
    }

    /**
     * Parses what {@link #writeAscii} wrote. Read as chars: the byte parser decodes an escaped field name through
     * UTF-8 and refuses a lone surrogate, which an attribute name stored as a key may be.
     */
    public static Object parseText(String json) {
        try (JsonParser parser = FACTORY.createParser(json)) {
            return parse(parser);
        } catch (IOException e) {
            throw DynamoException.serialization(null);
        }
    }

    private static Object parse(JsonParser parser) throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw DynamoException.serialization(null);
        }
        Object value = read(parser, first);
        if (parser.nextToken() != null) {
            throw DynamoException.serialization(null);
        }
        return value;
    }

    public static Object parse(byte[] body) {
        return parse(body, 0, body.length);
    }

    private static Object read(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT -> {
                // Most objects in a request are attribute values of one member ({"S": "..."}): a small table.
                Map<String, Object> map = new LinkedHashMap<>(4);
                JsonToken t;
                while ((t = parser.nextToken()) == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    map.put(name, read(parser, parser.nextToken()));
                }
                if (t != JsonToken.END_OBJECT) {
                    throw DynamoException.serialization(null);
                }
                return map;
            }
            case START_ARRAY -> {
                List<Object> list = new ArrayList<>();
                JsonToken t;
                while ((t = parser.nextToken()) != JsonToken.END_ARRAY) {
                    if (t == null) {
                        throw DynamoException.serialization(null);
                    }
                    list.add(read(parser, t));
                }
                return list;
            }
            case VALUE_STRING -> {
                return parser.getText();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return parser.getDecimalValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return null;
            }
            default -> throw DynamoException.serialization(null);
        }
    }

    /** Writes a response tree as compact JSON. */
    public static byte[] write(Object tree) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        write(tree, out);
        return out.toByteArray();
    }

    public static void write(Object tree, OutputStream out) {
        try (JsonGenerator gen = FACTORY.createGenerator(out)) {
            writeValue(gen, tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Like {@link #write(Object)}, in ASCII only: for records that must read back exactly (the journal). */
    public static byte[] writeAscii(Object tree) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator gen = ASCII.createGenerator(out)) {
            writeValue(gen, tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @SuppressWarnings("unchecked")
    private static void writeValue(JsonGenerator gen, Object value) throws IOException {
        switch (value) {
            case null -> gen.writeNull();
            case String s -> gen.writeString(s);
            case Boolean b -> gen.writeBoolean(b);
            case Integer i -> gen.writeNumber(i);
            case Long l -> gen.writeNumber(l);
            case Double d -> gen.writeNumber(d);
            case BigDecimal d -> gen.writeNumber(d.toPlainString());
            case Number n -> gen.writeNumber(n.toString());
            case AttributeValue av -> writeAttribute(gen, av);
            case Map<?, ?> map -> {
                gen.writeStartObject();
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    gen.writeFieldName((String) e.getKey());
                    writeValue(gen, e.getValue());
                }
                gen.writeEndObject();
            }
            case Collection<?> list -> {
                gen.writeStartArray();
                for (Object o : list) {
                    writeValue(gen, o);
                }
                gen.writeEndArray();
            }
            default -> throw new IllegalArgumentException("cannot write " + value.getClass());
        }
    }

    private static void writeAttribute(JsonGenerator gen, AttributeValue av) throws IOException {
        gen.writeStartObject();
        gen.writeFieldName(av.type());
        switch (av) {
            case AttributeValue.S s -> gen.writeString(s.value());
            case AttributeValue.N n -> gen.writeString(n.text());
            case AttributeValue.B b -> gen.writeString(b.value().toBase64());
            case AttributeValue.Bool b -> gen.writeBoolean(b.value());
            case AttributeValue.Null ignored -> gen.writeBoolean(true);
            case AttributeValue.L l -> {
                gen.writeStartArray();
                for (AttributeValue v : l.values()) {
                    writeAttribute(gen, v);
                }
                gen.writeEndArray();
            }
            case AttributeValue.M m -> {
                gen.writeStartObject();
                for (Map.Entry<String, AttributeValue> e : m.values().entrySet()) {
                    gen.writeFieldName(e.getKey());
                    writeAttribute(gen, e.getValue());
                }
                gen.writeEndObject();
            }
            case AttributeValue.SS ss -> {
                gen.writeStartArray();
                for (String v : ss.values()) {
                    gen.writeString(v);
                }
                gen.writeEndArray();
            }
            case AttributeValue.NS ns -> {
                gen.writeStartArray();
                for (BigDecimal v : ns.values()) {
                    gen.writeString(v.toPlainString());
                }
                gen.writeEndArray();
            }
            case AttributeValue.BS bs -> {
                gen.writeStartArray();
                for (var v : bs.values()) {
                    gen.writeString(v.toBase64());
                }
                gen.writeEndArray();
            }
        }
        gen.writeEndObject();
    }
}
