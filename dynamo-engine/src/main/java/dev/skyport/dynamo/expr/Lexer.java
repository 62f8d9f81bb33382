package dev.skyport.dynamo.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits expression text into the tokens of the service's expression grammar. The token rules are the
 * service's own, because syntax error messages quote tokens: identifiers start with a letter, list
 * indexes are {@code 0} or a number without leading zeros, and any other character is a token by itself.
 */
final class Lexer {

    enum Kind {
        COMMA, LPAREN, RPAREN, DOT, LBRACKET, RBRACKET,
        EQ, NE, LT, LE, GT, GE, PLUS, MINUS,
        IN, BETWEEN, NOT, AND, OR, SET, ADD, DELETE, REMOVE,
        INDEX, ID, NAME, VALUE, UNKNOWN, EOF
    }

    /** A token and where it lies in the source, so that errors can quote the text around it. */
    record Token(Kind kind, String text, int start, int end) {

        boolean is(Kind k) {
            return kind == k;
        }
    }

    private Lexer() {
    }

    static List<Token> tokenize(String s) {
        List<Token> tokens = new ArrayList<>();
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                i++;
                continue;
            }
            int start = i;
            Kind kind;
            switch (c) {
                case ',' -> kind = Kind.COMMA;
                case '(' -> kind = Kind.LPAREN;
                case ')' -> kind = Kind.RPAREN;
                case '.' -> kind = Kind.DOT;
                case '[' -> kind = Kind.LBRACKET;
                case ']' -> kind = Kind.RBRACKET;
                case '=' -> kind = Kind.EQ;
                case '+' -> kind = Kind.PLUS;
                case '-' -> kind = Kind.MINUS;
                case '<' -> {
                    char next = i + 1 < n ? s.charAt(i + 1) : 0;
                    kind = next == '>' ? Kind.NE : next == '=' ? Kind.LE : Kind.LT;
                }
                case '>' -> kind = i + 1 < n && s.charAt(i + 1) == '=' ? Kind.GE : Kind.GT;
                case '#' -> kind = idCharsFollow(s, i) ? Kind.NAME : Kind.UNKNOWN;
                case ':' -> kind = idCharsFollow(s, i) ? Kind.VALUE : Kind.UNKNOWN;
                default -> kind = c == '0' || (c >= '1' && c <= '9') ? Kind.INDEX
                        : isLetter(c) ? Kind.ID : Kind.UNKNOWN;
            }
            i = switch (kind) {
                case NE, LE, GE -> i + 2;
                case NAME, VALUE, ID -> skipIdChars(s, i + 1);
                // "0" is a whole index; "007" is three tokens, as in the service's lexer.
                case INDEX -> c == '0' ? i + 1 : skipDigits(s, i + 1);
                default -> i + 1;
            };
            String text = s.substring(start, i);
            if (kind == Kind.ID) {
                kind = keyword(text);
            }
            tokens.add(new Token(kind, text, start, i));
        }
        tokens.add(new Token(Kind.EOF, "<EOF>", n, n));
        return tokens;
    }

    private static Kind keyword(String word) {
        return switch (word.toUpperCase(Locale.ROOT)) {
            case "IN" -> Kind.IN;
            case "BETWEEN" -> Kind.BETWEEN;
            case "NOT" -> Kind.NOT;
            case "AND" -> Kind.AND;
            case "OR" -> Kind.OR;
            case "SET" -> Kind.SET;
            case "ADD" -> Kind.ADD;
            case "DELETE" -> Kind.DELETE;
            case "REMOVE" -> Kind.REMOVE;
            default -> Kind.ID;
        };
    }

    private static boolean idCharsFollow(String s, int i) {
        return i + 1 < s.length() && isIdChar(s.charAt(i + 1));
    }

    private static int skipIdChars(String s, int i) {
        while (i < s.length() && isIdChar(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int skipDigits(String s, int i) {
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
        }
        return i;
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isIdChar(char c) {
        return isLetter(c) || (c >= '0' && c <= '9') || c == '_';
    }
}
