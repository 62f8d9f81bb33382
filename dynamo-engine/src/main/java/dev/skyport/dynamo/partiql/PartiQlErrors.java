package dev.skyport.dynamo.partiql;

import dev.skyport.dynamo.model.DynamoException;

/**
 * The service's PartiQL error messages, in one place. Syntax errors all read
 * {@code Statement wasn't well formed, can't be processed: <what the PartiQL parser said>}; the rest
 * are the service's own sentences.
 */
public final class PartiQlErrors {

    public static final String MALFORMED = "Statement wasn't well formed, can't be processed: ";

    // What the PartiQL parser reports, after the MALFORMED prefix.
    static final String UNEXPECTED_KEYWORD = "Unexpected keyword";
    static final String UNEXPECTED_TERM = "Unexpected term";
    static final String UNEXPECTED_TOKEN = "Unexpected token";
    static final String EXPECTED_EXPRESSION = "Expected expression";
    static final String EXPECTED_IDENTIFIER = "Expected identifier for simple path";
    static final String MISSING_FROM = "Expected FROM after SELECT list";
    static final String UNEXPECTED_END = "Unexpected end of statement";
    static final String INVALID_CHARACTER = "Invalid character";
    static final String UNTERMINATED_STRING = "Unterminated string literal";
    static final String UNTERMINATED_IDENTIFIER = "Unterminated quoted identifier";

    public static final String UNEXPECTED_PATH_COMPONENT = "Unexpected path component";
    public static final String MANDATORY_KEY_EQUALITY =
            "Where clause does not contain a mandatory equality on all key attributes";
    public static final String PARAMETER_COUNT = "Number of parameters in request and statement don't match.";
    public static final String DUPLICATE_ITEM = "Duplicate primary key exists in table";
    public static final String ORDER_BY_NEEDS_WHERE = "Must have WHERE clause in the statement when using ORDER BY clause.";
    public static final String ORDER_BY_NEEDS_PARTITION =
            "Must have an equality condition on the partition key in the WHERE clause when using ORDER BY clause.";
    public static final String ORDER_BY_SORT_KEY = "ORDER BY is only supported on the sort key of the table or index";
    public static final String INVALID_NEXT_TOKEN = "Invalid NextToken";
    public static final String EXISTS_OUTSIDE_TRANSACTION = "EXISTS is only supported in ExecuteTransaction";

    private PartiQlErrors() {
    }

    /** A syntax error: the PartiQL parser's complaint behind the service's prefix. */
    static DynamoException malformed(String parserMessage) {
        return DynamoException.validation(MALFORMED + parserMessage);
    }

    public static DynamoException validation(String message) {
        return DynamoException.validation(message);
    }

    public static DynamoException duplicateItem() {
        return DynamoException.dynamo("DuplicateItemException", DUPLICATE_ITEM);
    }
}
