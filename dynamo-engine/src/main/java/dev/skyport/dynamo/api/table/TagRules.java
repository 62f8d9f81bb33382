package dev.skyport.dynamo.api.table;

import static dev.skyport.dynamo.api.table.ControlPlane.INVALID;

import dev.skyport.dynamo.api.RequestContext;
import dev.skyport.dynamo.model.DynamoException;
import dev.skyport.dynamo.storage.TableData;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The service's rules for tags and for the table ARNs the tagging operations take. */
final class TagRules {

    /** The most tags a table may carry. */
    static final int MAX_TAGS = 50;

    /** The characters AWS allows in tag keys and values. */
    private static final Pattern ALLOWED = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");
    private static final Pattern ANY_RESOURCE = Pattern.compile(".+:.+:.+:.+:.+:.+/.+");
    private static final Pattern TABLE_ARN = Pattern.compile("arn:aws:dynamodb:[^:]+:\\d+:table/[^/]{2}[^/]+");

    private TagRules() {
    }

    /** Key and value checks of the tags of a TagResource or CreateTable call, in the service's order. */
    static void checkTags(List<Map<String, Object>> tags) {
        Set<String> keys = new HashSet<>();
        for (Map<String, Object> tag : tags) {
            String key = Schemas.string(tag, "Key");
            String value = Schemas.string(tag, "Value");
            if (key == null || key.isEmpty() || !ALLOWED.matcher(key).matches()) {
                throw DynamoException.validation("The Tag Key provided is invalid, Key: " + key);
            }
            if (value == null || !ALLOWED.matcher(value).matches()) {
                throw DynamoException.validation("The Tag Value provided is invalid, Value: " + value);
            }
            if (key.regionMatches(true, 0, "aws:", 0, 4)) {
                throw DynamoException.validation("Tag Key cannot be prefixed with aws:, Key: " + key);
            }
            if (!keys.add(key)) {
                throw DynamoException.validation("Duplicate Tag Keys provided as input: Duplicate Tag Key found " + key);
            }
        }
    }

    static void checkCount(int count) {
        if (count > MAX_TAGS) {
            throw DynamoException.validation("Number of Tags exceed the current limit for the provided ResourceArn");
        }
    }

    /**
     * The ARN checks every tagging call makes before anything else: present, an ARN, a DynamoDB table
     * (not an index) in this region.
     */
    static void checkArn(String arn, ControlPlane plane, RequestContext context) {
        if (arn == null) {
            throw DynamoException.validation("Invalid TableArn");
        }
        if (!arn.startsWith("arn:")) {
            throw DynamoException.validation(INVALID + "ARNs must start with 'arn:': " + arn);
        }
        if (!ANY_RESOURCE.matcher(arn).matches()) {
            throw DynamoException.validation("Invalid TableArn: Invalid ResourceArn provided as input " + arn);
        }
        String[] parts = arn.split(":", 6);
        if (!"dynamodb".equals(parts[2])) {
            throw DynamoException.validation(INVALID + "Provided Arn is not a DynamoDB resource arn: " + arn);
        }
        if (parts[5].startsWith("table/") && parts[5].indexOf('/', "table/".length()) >= 0) {
            throw DynamoException.validation(INVALID
                    + "Invalid resource arn provided, only table or stream is accepted. Provided resource arn: " + arn);
        }
        if (!TABLE_ARN.matcher(arn).matches() || !parts[3].equals(plane.region(context))) {
            throw DynamoException.validation("Invalid TableArn: Invalid ResourceArn provided as input " + arn);
        }
    }

    /**
     * The table an ARN (already checked by {@link #checkArn}) names, or null when there is none in this
     * account: each tagging call words that ResourceNotFoundException its own way.
     */
    static TableData table(String arn, ControlPlane plane) {
        String[] parts = arn.split(":", 6);
        if (!parts[4].equals(plane.engine().accountId())) {
            return null;
        }
        return plane.engine().database().table(parts[5].substring("table/".length()));
    }
}
