package dev.skyport.dynamo.partiql;

/**
 * One lexical token of a statement. {@code text} is the token as the grammar sees it: keywords upper
 * case, identifiers and strings unquoted and unescaped, punctuation as written.
 *
 * @param position offset of the token's first character in the statement
 */
record Token(Kind kind, String text, int position) {

    enum Kind {
        /** A word that is a keyword of the statement grammar (SELECT, WHERE, ...). */
        KEYWORD,
        /** An unquoted name; may also be a function name when followed by {@code (}. */
        IDENTIFIER,
        /** A {@code "double quoted"} name: always a name, never a keyword. */
        QUOTED_IDENTIFIER,
        /** A {@code 'single quoted'} string. */
        STRING,
        NUMBER,
        /** Operators and brackets, including the two-character {@code <<}, {@code >>}, {@code <=}, {@code >=}, {@code <>}, {@code !=}. */
        PUNCTUATION,
        /** {@code ?}, a positional parameter. */
        PARAMETER,
        END
    }

    boolean is(Kind k) {
        return kind == k;
    }

    boolean isKeyword(String keyword) {
        return kind == Kind.KEYWORD && text.equals(keyword);
    }

    boolean isPunctuation(String symbol) {
        return kind == Kind.PUNCTUATION && text.equals(symbol);
    }

    /** A name: an unquoted identifier or a quoted one. */
    boolean isName() {
        return kind == Kind.IDENTIFIER || kind == Kind.QUOTED_IDENTIFIER;
    }
}
