package dev.skyport.dynamo.api;

import static dev.skyport.dynamo.api.TableLifecycleIT.messageOf;
import static dev.skyport.dynamo.api.TableLifecycleIT.table;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.skyport.dynamo.DynamoEngine;
import dev.skyport.dynamo.junit.DynamoEngineExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/** TagResource, UntagResource and ListTagsOfResource through the real AWS SDK. */
@ExtendWith(DynamoEngineExtension.class)
class TagResourceIT {

    static final String ACCOUNT = "arn:aws:dynamodb:us-east-1:000000000000:table/";

    static DynamoEngine engine;
    static DynamoDbClient dynamo;

    @BeforeAll
    static void start(DynamoEngine started, DynamoDbClient client) {
        engine = started;
        dynamo = client;
    }

    static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    static List<Tag> tagsOf(String arn) {
        return dynamo.listTagsOfResource(b -> b.resourceArn(arn)).tags();
    }

    @Test
    void addsReplacesListsAndRemovesTags() {
        String arn = dynamo.createTable(table("tagged", b -> b.tags(tag("team", "orders"))))
                .tableDescription().tableArn();
        assertThat(tagsOf(arn)).containsExactly(tag("team", "orders"));

        dynamo.tagResource(b -> b.resourceArn(arn).tags(tag("env", "test"), tag("team", "billing")));
        assertThat(tagsOf(arn)).containsExactly(tag("env", "test"), tag("team", "billing"));

        dynamo.untagResource(b -> b.resourceArn(arn).tagKeys("team", "not-there"));
        assertThat(tagsOf(arn)).containsExactly(tag("env", "test"));
    }

    @Test
    void answersNoTagsForAnUntaggedTable() {
        String arn = dynamo.createTable(table("untagged", b -> { })).tableDescription().tableArn();
        assertThat(tagsOf(arn)).isEmpty();
    }

    @Test
    void reportsMissingTablesTheWayEachTaggingCallDoes() {
        String arn = ACCOUNT + "missing";
        assertThat(messageOf(ResourceNotFoundException.class, () -> dynamo.tagResource(b -> b.resourceArn(arn)
                .tags(tag("a", "b")))))
                .isEqualTo("Requested resource not found: ResourcArn: " + arn + " not found");
        assertThat(messageOf(ResourceNotFoundException.class, () -> dynamo.untagResource(b -> b.resourceArn(arn)
                .tagKeys("a"))))
                .isEqualTo("Requested resource not found");
    }

    @Test
    void refusesToListTheTagsOfATableThatIsNotThere() {
        String arn = ACCOUNT + "nonexistent_table_xyz";
        DynamoDbException e = catchThrowableOfType(DynamoDbException.class,
                () -> dynamo.listTagsOfResource(b -> b.resourceArn(arn)));
        assertThat(e).as("expected AccessDeniedException").isNotNull();
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("User: arn:aws:iam::000000000000:root is not "
                + "authorized to perform: dynamodb:ListTagsOfResource on resource: " + arn);
    }

    @Test
    void rejectsArnsThatDoNotNameATableHere() {
        assertThat(messageOf(() -> dynamo.listTagsOfResource(b -> b.resourceArn("tagged"))))
                .isEqualTo("One or more parameter values were invalid: ARNs must start with 'arn:': tagged");
        assertThat(messageOf(() -> dynamo.listTagsOfResource(b -> b.resourceArn(
                "arn:aws:dynamodb:eu-west-1:000000000000:table/tagged"))))
                .isEqualTo("Invalid TableArn: Invalid ResourceArn provided as input "
                        + "arn:aws:dynamodb:eu-west-1:000000000000:table/tagged");
        assertThat(messageOf(() -> dynamo.listTagsOfResource(b -> b.resourceArn(ACCOUNT + "tagged/index/gsi"))))
                .isEqualTo("One or more parameter values were invalid: Invalid resource arn provided, only table or "
                        + "stream is accepted. Provided resource arn: " + ACCOUNT + "tagged/index/gsi");
        assertThat(messageOf(() -> dynamo.listTagsOfResource(b -> b.resourceArn("arn:aws:s3:us-east-1:000000000000:bucket/x"))))
                .isEqualTo("One or more parameter values were invalid: Provided Arn is not a DynamoDB resource arn: "
                        + "arn:aws:s3:us-east-1:000000000000:bucket/x");
    }

    @Test
    void rejectsTagsTheServiceRejects() {
        String arn = dynamo.createTable(table("strict-tags", b -> { })).tableDescription().tableArn();
        assertThat(messageOf(() -> dynamo.tagResource(b -> b.resourceArn(arn).tags(List.of()))))
                .isEqualTo("Atleast one Tag needs to be provided as Input.");
        assertThat(messageOf(() -> dynamo.untagResource(b -> b.resourceArn(arn).tagKeys(List.of()))))
                .isEqualTo("Atleast one Tag Key needs to be provided as Input.");
        assertThat(messageOf(() -> dynamo.tagResource(b -> b.resourceArn(arn).tags(tag("aws:owner", "x")))))
                .isEqualTo("Tag Key cannot be prefixed with aws:, Key: aws:owner");
        assertThat(messageOf(() -> dynamo.tagResource(b -> b.resourceArn(arn).tags(tag("bad#key", "x")))))
                .isEqualTo("The Tag Key provided is invalid, Key: bad#key");
        assertThat(messageOf(() -> dynamo.tagResource(b -> b.resourceArn(arn).tags(tag("k", "x"), tag("k", "y")))))
                .isEqualTo("Duplicate Tag Keys provided as input: Duplicate Tag Key found k");

        List<Tag> fifty = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            fifty.add(tag("key" + i, "v"));
        }
        dynamo.tagResource(b -> b.resourceArn(arn).tags(fifty));
        assertThat(messageOf(() -> dynamo.tagResource(b -> b.resourceArn(arn).tags(tag("one-more", "v")))))
                .isEqualTo("Number of Tags exceed the current limit for the provided ResourceArn");
        assertThat(tagsOf(arn)).hasSize(50);
    }
}
