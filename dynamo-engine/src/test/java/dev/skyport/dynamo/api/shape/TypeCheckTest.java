package dev.skyport.dynamo.api.shape;

import static dev.skyport.dynamo.api.shape.Requests.typeError;
import static dev.skyport.dynamo.api.shape.Requests.valid;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Step 1: the deserializer's SerializationException messages, and what a valid body becomes. */
class TypeCheckTest {

    private static final String CAST = TypeCheck.PARAMETERIZED_CAST;

    @Nested
    class StringMembers {

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "true        | TRUE_VALUE cannot be converted to String",
            "false       | FALSE_VALUE cannot be converted to String",
            "23          | NUMBER_VALUE cannot be converted to String",
            "-2147483648 | NUMBER_VALUE cannot be converted to String",
            "2147483648  | NUMBER_VALUE cannot be converted to String",
            "34.56       | DECIMAL_VALUE cannot be converted to String",
            "[]          | Unrecognized collection type class java.lang.String",
            "{}          | Start of structure or map found where not expected",
        })
        void wrongJsonTypesAreRefusedWithTheDeserializersWords(String json, String message) {
            assertThat(typeError("CreateTable", "{\"TableName\": " + json + "}")).isEqualTo(message);
            assertThat(typeError("PutItem", "{\"ConditionExpression\": " + json + "}")).isEqualTo(message);
            assertThat(typeError("UpdateTimeToLive",
                    "{\"TimeToLiveSpecification\": {\"AttributeName\": " + json + "}}")).isEqualTo(message);
        }

        @Test
        void stringsInsideListsAndMapsAreCheckedToo() {
            assertThat(typeError("Query", "{\"AttributesToGet\": [\"a\", 1]}"))
                    .isEqualTo("NUMBER_VALUE cannot be converted to String");
            assertThat(typeError("Query", "{\"ExpressionAttributeNames\": {\"#a\": true}}"))
                    .isEqualTo("TRUE_VALUE cannot be converted to String");
        }
    }

    @Nested
    class NumberMembers {

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "'\"23\"' | STRING_VALUE cannot be converted to Integer",
            "true     | TRUE_VALUE cannot be converted to Integer",
            "false    | FALSE_VALUE cannot be converted to Integer",
            "[]       | Unrecognized collection type class java.lang.Integer",
            "{}       | Start of structure or map found where not expected",
        })
        void integerMembersRefuseOtherJsonTypes(String json, String message) {
            assertThat(typeError("Query", "{\"Limit\": " + json + "}")).isEqualTo(message);
            assertThat(typeError("ListTables", "{\"Limit\": " + json + "}")).isEqualTo(message);
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "'\"23\"' | STRING_VALUE cannot be converted to Long",
            "true     | TRUE_VALUE cannot be converted to Long",
            "[]       | Unrecognized collection type class java.lang.Long",
            "{}       | Start of structure or map found where not expected",
        })
        void longMembersRefuseOtherJsonTypes(String json, String message) {
            assertThat(typeError("CreateTable",
                    "{\"ProvisionedThroughput\": {\"WriteCapacityUnits\": " + json + "}}")).isEqualTo(message);
        }

        @Test
        void fractionsAreTruncatedAndNumbersBecomeJavaIntegersAndLongs() {
            Map<String, Object> query = valid("Query", "{\"TableName\": \"abc\", \"Limit\": 1.9}");
            assertThat(query.get("Limit")).isEqualTo(1);

            Map<String, Object> create = valid("CreateTable", "{\"TableName\": \"abc\", \"AttributeDefinitions\": [],"
                    + " \"KeySchema\": [{\"AttributeName\": \"a\", \"KeyType\": \"HASH\"}],"
                    + " \"ProvisionedThroughput\": {\"ReadCapacityUnits\": 5, \"WriteCapacityUnits\": 1000000000001.5}}");
            assertThat(create.get("ProvisionedThroughput")).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.map(String.class, Object.class))
                    .containsEntry("ReadCapacityUnits", 5L)
                    .containsEntry("WriteCapacityUnits", 1000000000001L);
        }
    }

    @Nested
    class BooleanMembers {

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "'\"23\"' | Unexpected token received from parser",
            "23       | NUMBER_VALUE cannot be converted to Boolean",
            "34.56    | DECIMAL_VALUE cannot be converted to Boolean",
            "[]       | Unrecognized collection type class java.lang.Boolean",
            "{}       | Start of structure or map found where not expected",
        })
        void booleanMembersRefuseOtherJsonTypes(String json, String message) {
            assertThat(typeError("Query", "{\"ConsistentRead\": " + json + "}")).isEqualTo(message);
            assertThat(typeError("UpdateTimeToLive",
                    "{\"TimeToLiveSpecification\": {\"Enabled\": " + json + "}}")).isEqualTo(message);
        }

        @ParameterizedTest
        @CsvSource({"true,true", "TRUE,true", "1,true", "yes,true", "false,false", "0,false", "No,false"})
        void booleanWordsInStringsAreConverted(String word, boolean expected) {
            Map<String, Object> query = valid("Query", "{\"TableName\": \"abc\", \"ScanIndexForward\": \"" + word + "\"}");
            assertThat(query.get("ScanIndexForward")).isEqualTo(expected);
        }
    }

    @Nested
    class Containers {

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "'\"23\"' | Unexpected field type",
            "true     | Unexpected field type",
            "23       | Unexpected field type",
            "34.56    | Unexpected field type",
            "{}       | Start of structure or map found where not expected",
        })
        void listMembersRefuseScalarsAndObjects(String json, String message) {
            assertThat(typeError("CreateTable", "{\"KeySchema\": " + json + "}")).isEqualTo(message);
            assertThat(typeError("TransactWriteItems", "{\"TransactItems\": " + json + "}")).isEqualTo(message);
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "'\"23\"' | Unexpected field type",
            "true     | Unexpected field type",
            "23       | Unexpected field type",
            "[]       | Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>",
        })
        void attributeValueMapMembersRefuseScalarsAndLists(String json, String message) {
            assertThat(typeError("PutItem", "{\"Item\": " + json + "}")).isEqualTo(message);
            assertThat(typeError("UpdateItem", "{\"Key\": " + json + "}")).isEqualTo(message);
        }

        @Test
        void mapsNameTheirValueTypeWhenGivenAList() {
            assertThat(typeError("PutItem", "{\"Expected\": []}")).isEqualTo(
                    "Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.ExpectedAttributeValue>");
            assertThat(typeError("PutItem", "{\"ExpressionAttributeNames\": []}"))
                    .isEqualTo("Unrecognized collection type java.util.Map<java.lang.String, java.lang.String>");
            assertThat(typeError("BatchWriteItem", "{\"RequestItems\": []}")).isEqualTo(
                    "Unrecognized collection type java.util.Map<java.lang.String,"
                            + " java.util.List<com.amazonaws.dynamodb.v20120810.WriteRequest>>");
        }

        @Test
        void structureMembersAndStructureElementsAreReportedDifferently() {
            assertThat(typeError("CreateTable", "{\"ProvisionedThroughput\": 1}")).isEqualTo("Unexpected field type");
            assertThat(typeError("CreateTable", "{\"ProvisionedThroughput\": []}"))
                    .isEqualTo("Unrecognized collection type class com.amazonaws.dynamodb.v20120810.ProvisionedThroughput");
            assertThat(typeError("CreateTable", "{\"KeySchema\": [\"HASH\"]}")).isEqualTo("Unexpected value type in payload");
            assertThat(typeError("CreateTable", "{\"KeySchema\": [[]]}"))
                    .isEqualTo("Unrecognized collection type class com.amazonaws.dynamodb.v20120810.KeySchemaElement");
            assertThat(typeError("TransactWriteItems", "{\"TransactItems\": [{\"Put\": true}]}"))
                    .isEqualTo("Unexpected field type");
            assertThat(typeError("TransactWriteItems", "{\"TransactItems\": [{\"Update\": []}]}"))
                    .isEqualTo("Unrecognized collection type class com.amazonaws.dynamodb.v20120810.Update");
        }

        @Test
        void listsAndMapsNestedInContainersFailTheParameterizedCast() {
            assertThat(typeError("BatchWriteItem", "{\"RequestItems\": {\"abc\": \"x\"}}")).isEqualTo(CAST);
            assertThat(typeError("BatchWriteItem", "{\"RequestItems\": {\"abc\": {}}}"))
                    .isEqualTo("Start of structure or map found where not expected");
            assertThat(typeError("BatchGetItem", "{\"RequestItems\": {\"abc\": {\"Keys\": [true]}}}")).isEqualTo(CAST);
            assertThat(typeError("BatchGetItem", "{\"RequestItems\": {\"abc\": {\"Keys\": [[]]}}}")).isEqualTo(
                    "Unrecognized collection type java.util.Map<java.lang.String, com.amazonaws.dynamodb.v20120810.AttributeValue>");
            assertThat(typeError("BatchWriteItem", "{\"RequestItems\": {\"abc\": [\"x\"]}}"))
                    .isEqualTo("Unexpected value type in payload");
        }
    }

    @Nested
    class AttributeValues {

        @Test
        void attributeValuesAreTypeCheckedMemberByMember() {
            assertThat(typeError("PutItem", "{\"Item\": {\"a\": \"x\"}}")).isEqualTo("Unexpected value type in payload");
            assertThat(typeError("PutItem", "{\"Item\": {\"a\": []}}"))
                    .isEqualTo("Unrecognized collection type class com.amazonaws.dynamodb.v20120810.AttributeValue");
            assertThat(typeError("PutItem", "{\"Item\": {\"a\": {\"S\": 1}}}"))
                    .isEqualTo("NUMBER_VALUE cannot be converted to String");
            assertThat(typeError("PutItem", "{\"Item\": {\"a\": {\"N\": true}}}"))
                    .isEqualTo("TRUE_VALUE cannot be converted to String");
            assertThat(typeError("PutItem", "{\"Item\": {\"a\": {\"SS\": \"x\"}}}")).isEqualTo("Unexpected field type");
            assertThat(typeError("PutItem", "{\"Item\": {\"a\": {\"L\": [\"x\"]}}}"))
                    .isEqualTo("Unexpected value type in payload");
            assertThat(typeError("PutItem", "{\"Item\": {\"a\": {\"M\": {\"b\": {\"BS\": [1]}}}}}"))
                    .isEqualTo("only base-64-encoded strings are convertible to bytes");
            assertThat(typeError("PutItem", "{\"Expected\": {\"a\": {\"Value\": 1}}}")).isEqualTo("Unexpected field type");
            assertThat(typeError("UpdateItem", "{\"AttributeUpdates\": {\"a\": {\"Value\": []}}}"))
                    .isEqualTo("Unrecognized collection type class com.amazonaws.dynamodb.v20120810.AttributeValue");
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', value = {
            "true      | only base-64-encoded strings are convertible to bytes",
            "23        | only base-64-encoded strings are convertible to bytes",
            "[]        | Unrecognized collection type class java.nio.ByteBuffer",
            "{}        | Start of structure or map found where not expected",
            "'\"23456\"' | Base64 encoded length is expected a multiple of 4 bytes but found: 5",
            "'\"=+/=\"'  | Invalid last non-pad Base64 character dectected",
            "'\"+/+=\"'  | Invalid last non-pad Base64 character dectected",
        })
        void binaryValuesMustBeCanonicalBase64(String json, String message) {
            assertThat(typeError("PutItem", "{\"Item\": {\"a\": {\"B\": " + json + "}}}")).isEqualTo(message);
        }

        @Test
        void attributeValueTreesStayTreesWithNullsAndUnknownMembersDropped() {
            Map<String, Object> put = valid("PutItem", "{\"TableName\": \"abc\", \"Item\": {"
                    + "\"a\": {\"S\": \"x\", \"Q\": 1, \"NULL\": null},"
                    + " \"b\": {\"BOOL\": \"yes\"},"
                    + " \"c\": {\"L\": [{\"N\": \"1\"}, {\"M\": {\"d\": {\"B\": \"AAEC\"}}}]}}}");
            assertThat(put.get("Item")).isEqualTo(Map.of(
                    "a", Map.of("S", "x"),
                    "b", Map.of("BOOL", true),
                    "c", Map.of("L", List.of(Map.of("N", "1"), Map.of("M", Map.of("d", Map.of("B", "AAEC")))))));
        }
    }

    @Nested
    class Normalization {

        @Test
        void unknownAndNullMembersAreDroppedAtEveryLevel() {
            Map<String, Object> put = valid("PutItem", "{\"TableName\": \"abc\", \"Item\": {}, \"Foo\": [1],"
                    + " \"ReturnValues\": null, \"Expected\": {\"a\": {\"Exists\": false, \"Bar\": 1, \"Value\": null}}}");
            assertThat(put).containsOnlyKeys("TableName", "Item", "Expected");
            assertThat(put.get("Expected")).isEqualTo(Map.of("a", Map.of("Exists", false)));
        }

        @Test
        void anUnknownMemberOfTheWrongTypeIsNotAnError() {
            assertThat(valid("ListTables", "{\"Bogus\": {\"x\": [true]}}")).isEmpty();
        }

        @Test
        void anEmptyOrNullBodyIsAnEmptyRequest() {
            assertThat(valid("DescribeLimits", "{}")).isEmpty();
            assertThat(RequestShapes.validate(RequestShapes.DYNAMODB, "DescribeEndpoints", (Object) null)).isEmpty();
        }

        @Test
        void membersKeepTheirDocumentOrder() {
            Map<String, Object> q = valid("Query", "{\"Limit\": 3, \"TableName\": \"abc\", \"ConsistentRead\": true}");
            assertThat(q.keySet()).containsExactly("Limit", "TableName", "ConsistentRead");
        }

        @Test
        void theFirstTypeErrorInDocumentOrderWins() {
            assertThat(typeError("Query", "{\"Limit\": \"1\", \"TableName\": 1}"))
                    .isEqualTo("STRING_VALUE cannot be converted to Integer");
            assertThat(typeError("Query", "{\"TableName\": 1, \"Limit\": \"1\"}"))
                    .isEqualTo("NUMBER_VALUE cannot be converted to String");
        }

        @Test
        void typeErrorsComeBeforeConstraintErrors() {
            assertThat(typeError("PutItem", "{\"TableName\": \"a;\", \"ReturnValues\": 1}"))
                    .isEqualTo("NUMBER_VALUE cannot be converted to String");
        }

        @Test
        void aBodyThatIsNotAnObjectIsASerializationError() {
            assertThat(Requests.error("PutItem", "[]").type()).isEqualTo(Requests.SERIALIZATION);
        }
    }
}
