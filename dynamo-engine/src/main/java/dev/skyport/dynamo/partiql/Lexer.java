package dev.skyport.dynamo.partiql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits a PartiQL statement into {@link Token}s. Keywords are case-insensitive; double quotes make a
 * name (so {@code "select"} is an attribute called select), single quotes a string, and a doubled quote
 * inside either stands for one quote character.
 */
final class Lexer {

    /**
     * Words the grammar gives a meaning, plus the SQL words whose use as a bare name would read as an
     * unsupported clause. Other words stay usable as bare attribute names, which is more lenient than
     * the service's long reserved-word list but never changes the meaning of a statement it accepts.
     * MODIFIED, NEW and OLD mean something only after RETURNING, where the parser looks for them as
     * names, so attributes called {@code new} or {@code old} need no quotes.
     */
    static final Set<String> KEYWORDS = Set.of(
            "SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "BETWEEN", "IS", "MISSING", "NULL", "TRUE",
            "FALSE", "INSERT", "INTO", "VALUE", "VALUES", "UPDATE", "SET", "REMOVE", "DELETE", "RETURNING", "ALL",
            "ORDER", "BY", "ASC", "DESC", "EXISTS", "AS", "DISTINCT", "JOIN", "GROUP", "HAVING", "LIMIT", "OFFSET",
            "UNION", "LIKE", "CASE", "CAST");

    private final String text;
    private int i;

    private Lexer(String text) {
        this.text = text;
    }

    static List<Token> tokenize(String text) {
        return new Lexer(text).run();
    }

    private List<Token> run() {
        List<Token> tokens = new ArrayList<>();
        int n = text.length();
        while (true) {
            skipSpaceAndComments();
            if (i >= n) {
                tokens.add(new Token(Token.Kind.END, "", n));
                return tokens;
            }
            int start = i;
            char c = text.charAt(i);
            if (c == '\'') {
                tokens.add(new Token(Token.Kind.STRING, quoted('\'', PartiQlErrors.UNTERMINATED_STRING), start));
            } else if (c == '"') {
                tokens.add(new Token(Token.Kind.QUOTED_IDENTIFIER,
                        quoted('"', PartiQlErrors.UNTERMINATED_IDENTIFIER), start));
            } else if (Character.isDigit(c)) {
                tokens.add(new Token(Token.Kind.NUMBER, number(), start));
            } else if (Character.isLetter(c) || c == '_' || c == '$') {
                while (i < n && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_'
                        || text.charAt(i) == '$')) {
                    i++;
                }
                String word = text.substring(start, i);
                String upper = word.toUpperCase(Locale.ROOT);
                tokens.add(KEYWORDS.contains(upper) ? new Token(Token.Kind.KEYWORD, upper, start)
                        : new Token(Token.Kind.IDENTIFIER, word, start));
            } else if (c == '?') {
                i++;
                tokens.add(new Token(Token.Kind.PARAMETER, "?", start));
            } else {
                tokens.add(new Token(Token.Kind.PUNCTUATION, punctuation(), start));
            }
        }
    }

    private void skipSpaceAndComments() {
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (text.startsWith("--", i)) {
                while (i < n && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (text.startsWith("/*", i)) {
                int end = text.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
            } else {
                return;
            }
        }
    }

    /** The content of a quoted string or name; a doubled quote character stands for itself. */
    private String quoted(char quote, String unterminated) {
        StringBuilder sb = new StringBuilder();
        i++;
        while (true) {
            if (i >= text.length()) {
                throw PartiQlErrors.malformed(unterminated);
            }
            char c = text.charAt(i++);
            if (c == quote) {
                if (i < text.length() && text.charAt(i) == quote) {
                    sb.append(quote);
                    i++;
                    continue;
                }
                return sb.toString();
            }
            sb.append(c);
        }
    }

    /** Digits, an optional fraction and an optional exponent; the value is checked when it is used. */
    private String number() {
        int start = i;
        int n = text.length();
        while (i < n && Character.isDigit(text.charAt(i))) {
            i++;
        }
        if (i + 1 < n && text.charAt(i) == '.' && Character.isDigit(text.charAt(i + 1))) {
            i++;
            while (i < n && Character.isDigit(text.charAt(i))) {
                i++;
            }
        }
        if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
            int mark = i;
            i++;
            if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                i++;
            }
            if (i < n && Character.isDigit(text.charAt(i))) {
                while (i < n && Character.isDigit(text.charAt(i))) {
                    i++;
                }
            } else {
                i = mark;
            }
        }
        if (i < n && (Character.isLetter(text.charAt(i)) || text.charAt(i) == '_')) {
            // "1abc" is neither a number nor a name.
            throw PartiQlErrors.malformed(PartiQlErrors.INVALID_CHARACTER);
        }
        return text.substring(start, i);
    }

    private String punctuation() {
        String two = i + 2 <= text.length() ? text.substring(i, i + 2) : "";
        switch (two) {
            case "<<", ">>", "<=", ">=", "<>", "!=" -> {
                i += 2;
                return two;
            }
            default -> {
            }
        }
        char c = text.charAt(i);
        if ("=<>()[]{},.:*+-".indexOf(c) < 0) {
            throw PartiQlErrors.malformed(PartiQlErrors.INVALID_CHARACTER);
        }
        i++;
        return String.valueOf(c);
    }
}
