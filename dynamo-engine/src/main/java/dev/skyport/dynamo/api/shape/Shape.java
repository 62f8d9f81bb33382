package dev.skyport.dynamo.api.shape;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A shape of the service model, linked to the shapes it contains. */
final class Shape {

    /** Package of the service's generated classes, as its deserializer names them in messages. */
    static final String JAVA_PACKAGE = "com.amazonaws.dynamodb.v20120810.";

    enum Kind {
        STRUCTURE, LIST, MAP, STRING, BOOLEAN, INTEGER, LONG, DOUBLE, BLOB, TIMESTAMP;

        static Kind of(String modelType) {
            return switch (modelType) {
                case "structure" -> STRUCTURE;
                case "list" -> LIST;
                case "map" -> MAP;
                case "string" -> STRING;
                case "boolean" -> BOOLEAN;
                case "integer" -> INTEGER;
                case "long" -> LONG;
                case "double", "float" -> DOUBLE;
                case "blob" -> BLOB;
                case "timestamp" -> TIMESTAMP;
                default -> throw new IllegalArgumentException("unsupported model type " + modelType);
            };
        }
    }

    final String name;
    final Kind kind;

    // Model constraints of the shape itself.
    BigDecimal min;
    BigDecimal max;
    String pattern;
    List<String> enumValues;

    // Structure
    final Map<String, Member> members = new LinkedHashMap<>();
    /** Members in the order the service validates them. */
    Member[] validationOrder = new Member[0];
    /** AttributeValue: constraint validation does not look inside (AttributeValues does its own checks). */
    boolean opaque;
    /** Fields the service's class has beyond the model's members; they print (as null) in echoed values. */
    List<String> hiddenMembers = List.of();

    // List
    Shape element;

    // Map
    Shape key;
    Shape value;

    private String javaType;

    Shape(String name, Kind kind) {
        this.name = name;
        this.kind = kind;
    }

    boolean isContainer() {
        return kind == Kind.STRUCTURE || kind == Kind.LIST || kind == Kind.MAP;
    }

    /** The Java type the service's deserializer binds this shape to, for its messages. */
    String javaType() {
        String t = javaType;
        if (t == null) {
            t = switch (kind) {
                case STRUCTURE -> JAVA_PACKAGE + name;
                case LIST -> "java.util.List<" + element.javaType() + ">";
                case MAP -> "java.util.Map<java.lang.String, " + value.javaType() + ">";
                case STRING -> "java.lang.String";
                case BOOLEAN -> "java.lang.Boolean";
                case INTEGER -> "java.lang.Integer";
                case LONG -> "java.lang.Long";
                case DOUBLE -> "java.lang.Double";
                case BLOB -> "java.nio.ByteBuffer";
                case TIMESTAMP -> "java.util.Date";
            };
            javaType = t;
        }
        return t;
    }

    /**
     * The service validates members in the iteration order of a {@link HashMap} keyed by their
     * lowerCamelCase names (filled in model order): that order reproduces every multi-error message
     * recorded from the service, e.g. UpdateItem's "returnConsumedCapacity; tableName; returnValues;
     * key" and ProvisionedThroughput's "writeCapacityUnits; readCapacityUnits".
     */
    void orderMembers(List<String> explicit) {
        Map<String, Member> byLowerName = new HashMap<>();
        for (Member m : members.values()) {
            byLowerName.put(m.pathName, m);
        }
        List<Member> order = new ArrayList<>(members.size());
        if (explicit != null) {
            for (String n : explicit) {
                Member m = members.get(n);
                if (m != null) {
                    order.add(m);
                }
            }
        }
        for (Member m : byLowerName.values()) {
            if (!order.contains(m)) {
                order.add(m);
            }
        }
        validationOrder = order.toArray(new Member[0]);
    }

    @Override
    public String toString() {
        return name + "(" + kind + ")";
    }

    /** A member of a structure. */
    static final class Member {
        final String name;
        /** The name as it appears in constraint messages: lower first letter ("sSESpecification"). */
        final String pathName;
        final Shape target;
        final boolean required;
        Spec spec;

        Member(String name, Shape target, boolean required) {
            this.name = name;
            this.pathName = Character.toLowerCase(name.charAt(0)) + name.substring(1);
            this.target = target;
            this.required = required;
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
