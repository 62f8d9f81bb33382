package dev.skyport.dynamo.api.shape;

import static dev.skyport.dynamo.api.shape.Requests.streamsValidationError;
import static dev.skyport.dynamo.api.shape.Requests.valid;
import static dev.skyport.dynamo.api.shape.Requests.validStreams;
import static dev.skyport.dynamo.api.shape.Requests.validationError;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Step 2: the service's constraint messages. Expected strings are the service's recorded answers
 * (dynalite's recordings and later captures of the live service); where the service answered with
 * several errors, they are in the order it lists them.
 */
class ConstraintCheckTest {

    private static final String NOT_NULL = "failed to satisfy constraint: Member must not be null";
    private static final String TABLE_PATTERN =
            "failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+";

    @Nested
    class CreateTable {

        @Test
        void aMissingTableNameHasItsOwnMessageBeforeAnythingElse() {
            assertThat(validationError("CreateTable", "{}"))
                    .isEqualTo("The parameter 'TableName' is required but was not present in the request");
            assertThat(validationError("CreateTable", "{\"TableName\": null, \"KeySchema\": []}"))
                    .isEqualTo("The parameter 'TableName' is required but was not present in the request");
        }

        @Test
        void missingMembersAndABadTableNameAreCollected() {
            assertThat(validationError("CreateTable", "{\"TableName\": \"abc;\"}")).isEqualTo(
                    "3 validation errors detected: "
                            + "Value null at 'keySchema' " + NOT_NULL + "; "
                            + "Value 'abc;' at 'tableName' " + TABLE_PATTERN + "; "
                            + "Value null at 'attributeDefinitions' " + NOT_NULL);
        }

        @Test
        void aShortTableNameIsAnOrdinaryLengthConstraint() {
            assertThat(validationError("CreateTable", "{\"TableName\": \"ab\", \"AttributeDefinitions\": [],"
                    + " \"KeySchema\": [{\"AttributeName\": \"a\", \"KeyType\": \"HASH\"}]}")).isEqualTo(
                    "1 validation error detected: Value 'ab' at 'tableName' failed to satisfy constraint: "
                            + "Member must have length greater than or equal to 3");
        }

        @Test
        void aNameBreakingLengthAndPatternReportsTheLengthFirst() {
            assertThat(validationError("CreateTable", "{\"TableName\": \"x!\", \"AttributeDefinitions\": [],"
                    + " \"KeySchema\": [{\"AttributeName\": \"a\", \"KeyType\": \"HASH\"}]}")).isEqualTo(
                    "2 validation errors detected: Value 'x!' at 'tableName' failed to satisfy constraint: "
                            + "Member must have length greater than or equal to 3; Value 'x!' at 'tableName' " + TABLE_PATTERN);
        }

        @Test
        void provisionedThroughputReportsWriteBeforeRead() {
            assertThat(validationError("CreateTable",
                    "{\"TableName\": \"abc\", \"AttributeDefinitions\": [], \"ProvisionedThroughput\": {}}")).isEqualTo(
                    "3 validation errors detected: "
                            + "Value null at 'keySchema' " + NOT_NULL + "; "
                            + "Value null at 'provisionedThroughput.writeCapacityUnits' " + NOT_NULL + "; "
                            + "Value null at 'provisionedThroughput.readCapacityUnits' " + NOT_NULL);
            assertThat(validationError("CreateTable", "{\"TableName\": \"abc\", \"AttributeDefinitions\": [],"
                    + " \"KeySchema\": [], \"ProvisionedThroughput\": {\"ReadCapacityUnits\": -1, \"WriteCapacityUnits\": -1}}"))
                    .isEqualTo("3 validation errors detected: "
                            + "Value '[]' at 'keySchema' failed to satisfy constraint: "
                            + "Member must have length greater than or equal to 1; "
                            + "Value '-1' at 'provisionedThroughput.writeCapacityUnits' failed to satisfy constraint: "
                            + "Member must have value greater than or equal to 1; "
                            + "Value '-1' at 'provisionedThroughput.readCapacityUnits' failed to satisfy constraint: "
                            + "Member must have value greater than or equal to 1");
        }

        @Test
        void keySchemaElementsAreNamedByOneBasedIndexAfterTheListsOwnConstraint() {
            assertThat(validationError("CreateTable", "{\"TableName\": \"abc\", \"AttributeDefinitions\": [],"
                    + " \"KeySchema\": [{\"KeyType\": \"HASH\"}, {\"AttributeName\": \"a\"}, {\"KeyType\": \"Woop\", \"AttributeName\": \"a\"}],"
                    + " \"ProvisionedThroughput\": {\"ReadCapacityUnits\": 1000000000001, \"WriteCapacityUnits\": 1000000000001}}"))
                    .isEqualTo("4 validation errors detected: "
                            + "Value '[KeySchemaElement(attributeName=null, keyType=HASH), "
                            + "KeySchemaElement(attributeName=a, keyType=null), "
                            + "KeySchemaElement(attributeName=a, keyType=Woop)]'"
                            + " at 'keySchema' failed to satisfy constraint: Member must have length less than or equal to 2; "
                            + "Value null at 'keySchema.1.member.attributeName' " + NOT_NULL + "; "
                            + "Value null at 'keySchema.2.member.keyType' " + NOT_NULL + "; "
                            + "Value 'Woop' at 'keySchema.3.member.keyType' failed to satisfy constraint: "
                            + "Member must satisfy enum value set: [HASH, RANGE]");
        }

        @Test
        void enumValuesArePrintedInTheServicesOrder() {
            assertThat(validationError("CreateTable", "{\"TableName\": \"abc\","
                    + " \"AttributeDefinitions\": [{\"AttributeName\": \"b\", \"AttributeType\": \"SS\"}],"
                    + " \"KeySchema\": [{\"KeyType\": \"HASH\", \"AttributeName\": \"a\"}]}"))
                    .isEqualTo("1 validation error detected: Value 'SS' at 'attributeDefinitions.1.member.attributeType'"
                            + " failed to satisfy constraint: Member must satisfy enum value set: [B, N, S]");
        }

        @Test
        void atMostTenErrorsAreReported() {
            assertThat(validationError("CreateTable", "{\"TableName\": \"abc\","
                    + " \"AttributeDefinitions\": [{\"AttributeName\": \"a\", \"AttributeType\": \"S\"}],"
                    + " \"KeySchema\": [{\"KeyType\": \"HASH\", \"AttributeName\": \"a\"}],"
                    + " \"LocalSecondaryIndexes\": [{}, {}, {}, {}, {}, {}, {}, {}, {}]}"))
                    .startsWith("10 validation errors detected: "
                            + "Value null at 'localSecondaryIndexes.1.member.indexName' " + NOT_NULL + "; ")
                    .endsWith("; Value null at 'localSecondaryIndexes.4.member.indexName' " + NOT_NULL)
                    .satisfies(m -> assertThat(m.split("; ")).hasSize(10));
        }

        @Test
        void indexNamesAndProjectionsAreValidatedInsideIndexes() {
            assertThat(validationError("CreateTable", "{\"TableName\": \"abc\","
                    + " \"AttributeDefinitions\": [{\"AttributeName\": \"a\", \"AttributeType\": \"S\"}],"
                    + " \"KeySchema\": [{\"KeyType\": \"HASH\", \"AttributeName\": \"a\"}],"
                    + " \"GlobalSecondaryIndexes\": [{\"IndexName\": \"h;\", \"KeySchema\": [],"
                    + " \"Projection\": {\"NonKeyAttributes\": [], \"ProjectionType\": \"abc\"},"
                    + " \"ProvisionedThroughput\": {\"ReadCapacityUnits\": 0, \"WriteCapacityUnits\": 0}}]}"))
                    .isEqualTo("7 validation errors detected: "
                            + "Value 'h;' at 'globalSecondaryIndexes.1.member.indexName' failed to satisfy constraint: "
                            + "Member must have length greater than or equal to 3; "
                            + "Value 'h;' at 'globalSecondaryIndexes.1.member.indexName' " + TABLE_PATTERN + "; "
                            + "Value '[]' at 'globalSecondaryIndexes.1.member.keySchema' failed to satisfy constraint: "
                            + "Member must have length greater than or equal to 1; "
                            + "Value '[]' at 'globalSecondaryIndexes.1.member.projection.nonKeyAttributes' failed to satisfy"
                            + " constraint: Member must have length greater than or equal to 1; "
                            + "Value 'abc' at 'globalSecondaryIndexes.1.member.projection.projectionType' failed to satisfy"
                            + " constraint: Member must satisfy enum value set: [ALL, INCLUDE, KEYS_ONLY]; "
                            + "Value '0' at 'globalSecondaryIndexes.1.member.provisionedThroughput.writeCapacityUnits'"
                            + " failed to satisfy constraint: Member must have value greater than or equal to 1; "
                            + "Value '0' at 'globalSecondaryIndexes.1.member.provisionedThroughput.readCapacityUnits'"
                            + " failed to satisfy constraint: Member must have value greater than or equal to 1");
        }

        @Test
        void aValidRequestPassesUnchanged() {
            assertThat(valid("CreateTable", "{\"TableName\": \"abc\","
                    + " \"AttributeDefinitions\": [{\"AttributeName\": \"a\", \"AttributeType\": \"S\"}],"
                    + " \"KeySchema\": [{\"AttributeName\": \"a\", \"KeyType\": \"HASH\"}],"
                    + " \"BillingMode\": \"PAY_PER_REQUEST\"}"))
                    .containsOnlyKeys("TableName", "AttributeDefinitions", "KeySchema", "BillingMode");
        }
    }

    @Nested
    class TableOperations {

        @Test
        void describeAndDeleteTableHaveTheirOwnMessagesForMissingAndMisSizedNames() {
            for (String op : new String[] {"DescribeTable", "DeleteTable", "UpdateTable", "DescribeTimeToLive"}) {
                assertThat(validationError(op, "{}"))
                        .isEqualTo("The parameter 'TableName' is required but was not present in the request");
                assertThat(validationError(op, "{\"TableName\": \"a;\"}"))
                        .isEqualTo("TableName must be at least 3 characters long and at most 255 characters long");
                assertThat(validationError(op, "{\"TableName\": \"" + "a".repeat(256) + "\"}"))
                        .isEqualTo("TableName must be at least 3 characters long and at most 255 characters long");
                assertThat(validationError(op, "{\"TableName\": \"abc;\"}"))
                        .isEqualTo("1 validation error detected: Value 'abc;' at 'tableName' " + TABLE_PATTERN);
            }
        }

        @Test
        void tableArnsAreAcceptedWhereNamesAre() {
            String arn = "arn:aws:dynamodb:us-east-1:123456789012:table/Music";
            assertThat(valid("DescribeTable", "{\"TableName\": \"" + arn + "\"}")).containsEntry("TableName", arn);
            assertThat(valid("GetItem", "{\"TableName\": \"" + arn + "\", \"Key\": {}}")).containsEntry("TableName", arn);
        }
    }

    @Nested
    class UpdateTimeToLive {

        @Test
        void tableNameRulesComeFirst() {
            assertThat(validationError("UpdateTimeToLive", "{}"))
                    .isEqualTo("The parameter 'TableName' is required but was not present in the request");
            assertThat(validationError("UpdateTimeToLive", "{\"TableName\": \"\"}"))
                    .isEqualTo("TableName must be at least 3 characters long and at most 255 characters long");
        }

        @Test
        void theSpecificationsMembersAreRequired() {
            assertThat(validationError("UpdateTimeToLive", "{\"TableName\": \"abc\", \"TimeToLiveSpecification\": {}}"))
                    .isEqualTo("2 validation errors detected: "
                            + "Value null at 'timeToLiveSpecification.attributeName' " + NOT_NULL + "; "
                            + "Value null at 'timeToLiveSpecification.enabled' " + NOT_NULL);
            assertThat(validationError("UpdateTimeToLive",
                    "{\"TableName\": \"abc\", \"TimeToLiveSpecification\": {\"AttributeName\": null, \"Enabled\": null}}"))
                    .startsWith("2 validation errors detected: ");
        }

        @Test
        void theAttributeNameHasTheModelsLengthLimits() {
            assertThat(validationError("UpdateTimeToLive",
                    "{\"TableName\": \"abc\", \"TimeToLiveSpecification\": {\"AttributeName\": \"\", \"Enabled\": true}}"))
                    .isEqualTo("1 validation error detected: Value '' at 'timeToLiveSpecification.attributeName' "
                            + "failed to satisfy constraint: Member must have length greater than or equal to 1");
            assertThat(validationError("UpdateTimeToLive", "{\"TableName\": \"abc\", \"TimeToLiveSpecification\":"
                    + " {\"AttributeName\": \"" + "x".repeat(256) + "\", \"Enabled\": true}}"))
                    .endsWith("at 'timeToLiveSpecification.attributeName' failed to satisfy constraint: "
                            + "Member must have length less than or equal to 255");
        }
    }

    @Nested
    class ItemOperations {

        @Test
        void putItemNeedsATableNameAndAnItem() {
            assertThat(validationError("PutItem", "{}")).isEqualTo("2 validation errors detected: "
                    + "Value null at 'item' " + NOT_NULL + "; Value null at 'tableName' " + NOT_NULL);
        }

        @Test
        void anEmptyTableNameBreaksOnlyTheMinimumLength() {
            assertThat(validationError("PutItem", "{\"TableName\": \"\", \"Item\": {}}")).isEqualTo(
                    "1 validation error detected: Value '' at 'tableName' failed to satisfy constraint: "
                            + "Member must have length greater than or equal to 1");
        }

        @Test
        void tableNamePatternAndMaximumAreCheckedAfterTheOtherConstraints() {
            assertThat(validationError("PutItem", "{\"TableName\": \"bad table!@#\", \"Item\": {}}"))
                    .isEqualTo("1 validation error detected: Value 'bad table!@#' at 'tableName' " + TABLE_PATTERN);
            String longName = "a".repeat(256);
            assertThat(validationError("PutItem", "{\"TableName\": \"" + longName + "\", \"Item\": {}}"))
                    .isEqualTo("1 validation error detected: Value '" + longName + "' at 'tableName' failed to satisfy"
                            + " constraint: Member must have length less than or equal to 255");
            assertThat(validationError("PutItem", "{\"TableName\": \"bad!\", \"ReturnValues\": \"X\", \"Item\": {}}"))
                    .isEqualTo("1 validation error detected: Value 'X' at 'returnValues' failed to satisfy constraint: "
                            + "Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]");
        }

        @Test
        void shortTableNamesAreLeftToTheTableLookup() {
            assertThat(valid("GetItem", "{\"TableName\": \"ab\", \"Key\": {}}")).containsEntry("TableName", "ab");
        }

        @Test
        void updateItemListsEnumsTableNameAndKeyInMemberOrder() {
            assertThat(validationError("UpdateItem", "{\"TableName\": \"\", \"UpdateExpression\": \"SET a = :a\","
                    + " \"ExpressionAttributeValues\": {\":a\": {\"S\": \"x\"}},"
                    + " \"ReturnConsumedCapacity\": \"INVALID\", \"ReturnValues\": \"INVALID\"}"))
                    .isEqualTo("4 validation errors detected: "
                            + "Value 'INVALID' at 'returnConsumedCapacity' failed to satisfy constraint: "
                            + "Member must satisfy enum value set: [INDEXES, TOTAL, NONE]; "
                            + "Value '' at 'tableName' failed to satisfy constraint: "
                            + "Member must have length greater than or equal to 1; "
                            + "Value 'INVALID' at 'returnValues' failed to satisfy constraint: "
                            + "Member must satisfy enum value set: [ALL_NEW, UPDATED_OLD, ALL_OLD, NONE, UPDATED_NEW]; "
                            + "Value null at 'key' " + NOT_NULL);
            assertThat(validationError("UpdateItem", "{\"TableName\": \"abc\","
                    + " \"AttributeUpdates\": {\"x\": {\"Action\": \"PUT\", \"Value\": {\"S\": \"1\"}}},"
                    + " \"Expected\": {\"a\": {\"Exists\": false}, \"b\": {\"Exists\": false}}, \"ConditionalOperator\": \"XOR\"}"))
                    .isEqualTo("2 validation errors detected: Value 'XOR' at 'conditionalOperator' failed to satisfy"
                            + " constraint: Member must satisfy enum value set: [OR, AND]; Value null at 'key' " + NOT_NULL);
        }

        @Test
        void mapValuesAreNamedByTheirKey() {
            assertThat(validationError("UpdateItem",
                    "{\"TableName\": \"abc\", \"Key\": {}, \"AttributeUpdates\": {\"x\": {\"Action\": \"XX\"}}}"))
                    .isEqualTo("1 validation error detected: Value 'XX' at 'attributeUpdates.x.member.action' failed to"
                            + " satisfy constraint: Member must satisfy enum value set: [ADD, PUT, DELETE]");
            assertThat(validationError("PutItem",
                    "{\"TableName\": \"abc\", \"Item\": {}, \"Expected\": {\"a\": {\"ComparisonOperator\": \"XX\"}}}"))
                    .isEqualTo("1 validation error detected: Value 'XX' at 'expected.a.member.comparisonOperator' failed"
                            + " to satisfy constraint: Member must satisfy enum value set: [IN, NULL, BETWEEN, LT,"
                            + " NOT_CONTAINS, EQ, GT, NOT_NULL, NE, LE, BEGINS_WITH, GE, CONTAINS]");
        }

        @Test
        void attributeValuesThemselvesAreNotConstraintChecked() {
            // Empty sets, NULL false, more than one type: AttributeValues answers for those later.
            assertThat(valid("PutItem", "{\"TableName\": \"abc\", \"Item\": {\"a\": {\"SS\": []},"
                    + " \"b\": {\"NULL\": false}, \"c\": {}, \"d\": {\"S\": \"x\", \"N\": \"1\"}}}")).containsKey("Item");
        }

        @Test
        void attributesToGetHoldsAtMost255Names() {
            String names = IntStream.range(0, 256).mapToObj(i -> "\"a" + i + "\"").collect(Collectors.joining(","));
            assertThat(validationError("GetItem", "{\"TableName\": \"abc\", \"Key\": {}, \"AttributesToGet\": [" + names + "]}"))
                    .startsWith("1 validation error detected: Value '[a0, a1, a2,")
                    .endsWith("a255]' at 'attributesToGet' failed to satisfy constraint:"
                            + " Member must have length less than or equal to 255");
            assertThat(validationError("GetItem", "{\"TableName\": \"abc\", \"Key\": {}, \"AttributesToGet\": []}"))
                    .isEqualTo("1 validation error detected: Value '[]' at 'attributesToGet' failed to satisfy constraint:"
                            + " Member must have length greater than or equal to 1");
        }
    }

    @Nested
    class QueryAndScan {

        @Test
        void queryCollectsEnumRangeAndConditionErrors() {
            assertThat(validationError("Query", "{\"TableName\": \"abc\", \"Limit\": 0, \"Select\": \"x\","
                    + " \"KeyConditions\": {\"a\": {}}}"))
                    .isEqualTo("3 validation errors detected: "
                            + "Value 'x' at 'select' failed to satisfy constraint: Member must satisfy enum value set:"
                            + " [SPECIFIC_ATTRIBUTES, COUNT, ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES]; "
                            + "Value at 'Limit' failed to satisfy constraint: "
                            + "Member must have value greater than or equal to 1; "
                            + "Value null at 'keyConditions.a.member.comparisonOperator' " + NOT_NULL);
        }

        @Test
        void scanKeepsTheOlderWordingForItsLimit() {
            assertThat(validationError("Scan", "{\"TableName\": \"abc\", \"Limit\": 0}"))
                    .isEqualTo("1 validation error detected: Value '0' at 'limit' failed to satisfy constraint: "
                            + "Member must have value greater than or equal to 1");
        }

        @Test
        void indexNamesFollowTheIndexNameRules() {
            assertThat(validationError("Query", "{\"TableName\": \"abc\", \"IndexName\": \"a;\"}"))
                    .isEqualTo("2 validation errors detected: "
                            + "Value 'a;' at 'indexName' failed to satisfy constraint: "
                            + "Member must have length greater than or equal to 3; "
                            + "Value 'a;' at 'indexName' " + TABLE_PATTERN);
        }

        @Test
        void scanSegmentsAreRanged() {
            assertThat(validationError("Scan", "{\"TableName\": \"abc\", \"Segment\": -1, \"TotalSegments\": 0}"))
                    .contains("Value '-1' at 'segment' failed to satisfy constraint: "
                            + "Member must have value greater than or equal to 0")
                    .contains("Value '0' at 'totalSegments' failed to satisfy constraint: "
                            + "Member must have value greater than or equal to 1");
        }
    }

    @Nested
    class BatchOperations {

        @Test
        void batchGetItemReportsABadTableNameKeyTogetherWithEnums() {
            assertThat(validationError("BatchGetItem", "{\"RequestItems\": {\"bad!name\": {\"Keys\": [{\"pk\": {\"S\": \"a\"}}]}},"
                    + " \"ReturnConsumedCapacity\": \"BOGUS\"}"))
                    .isEqualTo("2 validation errors detected: Value '{bad!name=KeysAndAttributes(keys=[{pk="
                            + "com.amazonaws.dynamodb.v20120810.AttributeValue@" + Integer.toHexString(Map.of("S", "a").hashCode())
                            + "}], attributesToGet=null, consistentRead=null, projectionExpression=null,"
                            + " expressionAttributeNames=null)}' at"
                            + " 'requestItems' failed to satisfy constraint: Map keys must satisfy constraint: [Member must"
                            + " have length less than or equal to 255, Member must have length greater than or equal to 3,"
                            + " Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+]; Value 'BOGUS' at"
                            + " 'returnConsumedCapacity' failed to satisfy constraint: Member must satisfy enum value set:"
                            + " [INDEXES, TOTAL, NONE]");
        }

        @Test
        void batchGetItemNeedsRequestItemsAndKeys() {
            assertThat(validationError("BatchGetItem", "{}"))
                    .isEqualTo("1 validation error detected: Value null at 'requestItems' " + NOT_NULL);
            // An empty map is the operation's to refuse ("The requestItems parameter is required for BatchGetItem").
            assertThat(valid("BatchGetItem", "{\"RequestItems\": {}}")).containsKey("RequestItems");
            assertThat(validationError("BatchGetItem", "{\"RequestItems\": {\"abc\": {}}}"))
                    .isEqualTo("1 validation error detected: Value null at 'requestItems.abc.member.keys' " + NOT_NULL);
        }

        @Test
        void tooManyKeysIsReportedWithoutPrintingThem() {
            String keys = IntStream.range(0, 101).mapToObj(i -> "{\"pk\": {\"S\": \"k" + i + "\"}}")
                    .collect(Collectors.joining(","));
            assertThat(validationError("BatchGetItem", "{\"RequestItems\": {\"users\": {\"Keys\": [" + keys + "]}}}"))
                    .isEqualTo("1 validation error detected: Value at 'RequestItems.users.member.Keys' failed to satisfy"
                            + " constraint: Member must have length less than or equal to 100");
        }

        @Test
        void batchWriteItemReportsEnumsBeforeLookingAtItsTableNames() {
            assertThat(validationError("BatchWriteItem", "{\"RequestItems\": {\"bad!name\": [{\"PutRequest\":"
                    + " {\"Item\": {\"pk\": {\"S\": \"a\"}}}}]}, \"ReturnConsumedCapacity\": \"BOGUS\","
                    + " \"ReturnItemCollectionMetrics\": \"BOGUS2\"}"))
                    .isEqualTo("2 validation errors detected: Value 'BOGUS' at 'returnConsumedCapacity' failed to satisfy"
                            + " constraint: Member must satisfy enum value set: [INDEXES, TOTAL, NONE]; Value 'BOGUS2' at"
                            + " 'returnItemCollectionMetrics' failed to satisfy constraint: Member must satisfy enum value"
                            + " set: [SIZE, NONE]");
            assertThat(validationError("BatchWriteItem", "{\"RequestItems\": {\"a\": []}}"))
                    .isEqualTo("2 validation errors detected: Value '{a=[]}' at 'requestItems' failed to satisfy"
                            + " constraint: Map keys must satisfy constraint: [Member must have length less than or equal"
                            + " to 255, Member must have length greater than or equal to 3, Member must satisfy regular"
                            + " expression pattern: [a-zA-Z0-9_.-]+]; Value '{a=[]}' at 'requestItems' failed to"
                            + " satisfy constraint: Map value must satisfy constraint: [Member must have length less than"
                            + " or equal to 25, Member must have length greater than or equal to 1]");
        }

        @Test
        void batchWriteItemNamesRequestsByTableAndPosition() {
            assertThat(validationError("BatchWriteItem",
                    "{\"RequestItems\": {\"abc\": [{\"PutRequest\": {}}, {\"DeleteRequest\": {}}]}}"))
                    .isEqualTo("2 validation errors detected: "
                            + "Value null at 'requestItems.abc.member.1.member.putRequest.item' " + NOT_NULL + "; "
                            + "Value null at 'requestItems.abc.member.2.member.deleteRequest.key' " + NOT_NULL);
        }

        @Test
        void tableArnsAreAcceptedAsRequestItemsKeys() {
            assertThat(valid("BatchWriteItem", "{\"RequestItems\": {\"arn:aws:dynamodb:us-east-1:123456789012:table/abc\":"
                    + " [{\"DeleteRequest\": {\"Key\": {\"a\": {\"S\": \"x\"}}}}]}}")).containsKey("RequestItems");
        }
    }

    @Nested
    class Transactions {

        @Test
        void transactItemsIsRequiredAndNotEmpty() {
            assertThat(validationError("TransactWriteItems", "{}"))
                    .isEqualTo("1 validation error detected: Value null at 'transactItems' " + NOT_NULL);
            assertThat(validationError("TransactWriteItems", "{\"TransactItems\": []}"))
                    .isEqualTo("1 validation error detected: Value '[]' at 'transactItems' failed to satisfy constraint:"
                            + " Member must have length greater than or equal to 1");
        }

        @Test
        void eachActionNeedsOnlyItsKeyOrItem() {
            assertThat(validationError("TransactWriteItems", "{\"TransactItems\": [{\"Update\": {}}]}"))
                    .isEqualTo("1 validation error detected: Value null at 'transactItems.1.member.update.key' " + NOT_NULL);
            assertThat(validationError("TransactWriteItems", "{\"TransactItems\": [{\"ConditionCheck\": {}}]}"))
                    .isEqualTo("1 validation error detected: Value null at 'transactItems.1.member.conditionCheck.key' "
                            + NOT_NULL);
            assertThat(validationError("TransactWriteItems", "{\"TransactItems\": [{\"Put\": {}, \"Delete\": {}}],"
                    + " \"ReturnConsumedCapacity\": \"hi\", \"ReturnItemCollectionMetrics\": \"hi\"}"))
                    .isEqualTo("4 validation errors detected: "
                            + "Value null at 'transactItems.1.member.delete.key' " + NOT_NULL + "; "
                            + "Value null at 'transactItems.1.member.put.item' " + NOT_NULL + "; "
                            + "Value 'hi' at 'returnConsumedCapacity' failed to satisfy constraint: "
                            + "Member must satisfy enum value set: [INDEXES, TOTAL, NONE]; "
                            + "Value 'hi' at 'returnItemCollectionMetrics' failed to satisfy constraint: "
                            + "Member must satisfy enum value set: [SIZE, NONE]");
        }

        @Test
        void atMostAHundredActions() {
            String items = IntStream.range(0, 101)
                    .mapToObj(i -> "{\"Delete\": {\"TableName\": \"abc\", \"Key\": {\"a\": {\"S\": \"" + i + "\"}}}}")
                    .collect(Collectors.joining(","));
            assertThat(validationError("TransactWriteItems", "{\"TransactItems\": [" + items + "]}"))
                    .startsWith("1 validation error detected: Value '[TransactWriteItem(conditionCheck=null, put=null,"
                            + " delete=Delete(key={a=com.amazonaws.dynamodb.v20120810.AttributeValue@")
                    .endsWith("at 'transactItems' failed to satisfy constraint: Member must have length less than or equal to 100");
        }

        @Test
        void shortTableNamesInsideActionsAreLeftToTheTableLookup() {
            assertThat(valid("TransactWriteItems",
                    "{\"TransactItems\": [{\"Put\": {\"TableName\": \"a\", \"Item\": {\"a\": {\"S\": \"x\"}}}}]}"))
                    .containsKey("TransactItems");
            assertThat(validationError("TransactGetItems", "{\"TransactItems\": [{\"Get\": {}}]}"))
                    .isEqualTo("1 validation error detected: Value null at 'transactItems.1.member.get.key' " + NOT_NULL);
        }
    }

    @Nested
    class ListTables {

        @Test
        void limitAndExclusiveStartTableNameAreRanged() {
            assertThat(validationError("ListTables", "{\"Limit\": 2147483647, \"ExclusiveStartTableName\": \"89hls;;f;d\"}"))
                    .isEqualTo("2 validation errors detected: "
                            + "Value '89hls;;f;d' at 'exclusiveStartTableName' " + TABLE_PATTERN + "; "
                            + "Value '2147483647' at 'limit' failed to satisfy constraint: "
                            + "Member must have value less than or equal to 100");
            assertThat(validationError("ListTables", "{\"ExclusiveStartTableName\": \"\"}"))
                    .isEqualTo("2 validation errors detected: "
                            + "Value '' at 'exclusiveStartTableName' failed to satisfy constraint: "
                            + "Member must have length greater than or equal to 3; "
                            + "Value '' at 'exclusiveStartTableName' " + TABLE_PATTERN);
        }

        @Test
        void anEmptyRequestIsValid() {
            assertThat(valid("ListTables", "{}")).isEmpty();
        }
    }

    @Nested
    class OtherOperations {

        @Test
        void tagOperationsAreOnlyTypeChecked() {
            // "Invalid TableArn", "Atleast one Tag needs to be provided as Input." come from the operations.
            assertThat(valid("TagResource", "{}")).isEmpty();
            assertThat(valid("UntagResource", "{\"ResourceArn\": \"\", \"TagKeys\": []}")).containsKey("TagKeys");
            assertThat(valid("ListTagsOfResource", "{}")).isEmpty();
        }

        @Test
        void partiQlOperationsFollowTheModel() {
            assertThat(validationError("ExecuteStatement", "{}"))
                    .isEqualTo("1 validation error detected: Value null at 'statement' " + NOT_NULL);
            assertThat(validationError("BatchExecuteStatement", "{\"Statements\": [{}]}"))
                    .isEqualTo("1 validation error detected: Value null at 'statements.1.member.statement' " + NOT_NULL);
            assertThat(validationError("ExecuteTransaction", "{\"TransactStatements\": []}"))
                    .isEqualTo("1 validation error detected: Value '[]' at 'transactStatements' failed to satisfy"
                            + " constraint: Member must have length greater than or equal to 1");
        }

        @Test
        void operationsWithoutMembersAcceptAnything() {
            assertThat(valid("DescribeLimits", "{\"x\": 1}")).isEmpty();
            assertThat(valid("DescribeEndpoints", "{}")).isEmpty();
        }
    }

    @Nested
    class Streams {

        @Test
        void streamsOperationsFollowTheStreamsModel() {
            assertThat(streamsValidationError("GetRecords", "{}"))
                    .isEqualTo("1 validation error detected: Value null at 'shardIterator' " + NOT_NULL);
            assertThat(streamsValidationError("GetRecords", "{\"ShardIterator\": \"x\", \"Limit\": 1001}"))
                    .isEqualTo("1 validation error detected: Value '1001' at 'limit' failed to satisfy constraint: "
                            + "Member must have value less than or equal to 1000");
            assertThat(streamsValidationError("GetShardIterator",
                    "{\"StreamArn\": \"x\", \"ShardId\": \"y\", \"ShardIteratorType\": \"z\"}"))
                    .contains("Value 'x' at 'streamArn' failed to satisfy constraint: "
                            + "Member must have length greater than or equal to 37")
                    .contains("Value 'z' at 'shardIteratorType' failed to satisfy constraint: Member must satisfy enum"
                            + " value set: [TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER]")
                    .startsWith("3 validation errors detected: ");
            assertThat(validStreams("ListStreams", "{\"Limit\": 5.5}")).containsEntry("Limit", 5);
            assertThat(validStreams("DescribeStream",
                    "{\"StreamArn\": \"arn:aws:dynamodb:us-east-1:123456789012:table/abc/stream/2020-01-01T00:00:00.000\"}"))
                    .containsKey("StreamArn");
        }
    }
}
