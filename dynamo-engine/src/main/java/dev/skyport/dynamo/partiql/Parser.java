package dev.skyport.dynamo.partiql;

import dev.skyport.dynamo.expr.Comparator;
import dev.skyport.dynamo.model.AttributeValue;
import dev.skyport.dynamo.model.DynamoException;
import dev.skyport.dynamo.model.Numbers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Recursive-descent parser for the statements DynamoDB accepts:
 *
 * <pre>
 * statement  := select | insert | update | delete | EXISTS '(' select ')'
 * select     := SELECT ('*' | path (',' path)*) FROM target [WHERE expr] [ORDER BY path [ASC|DESC] (',' ...)*]
 * insert     := INSERT INTO target VALUE primary
 * update     := UPDATE target (SET path '=' additive (',' ...)* | REMOVE path (',' path)*)+ [WHERE expr] [returning]
 * delete     := DELETE FROM target [WHERE expr] [returning]
 * returning  := RETURNING (ALL | MODIFIED) (OLD | NEW) '*'
 * target     := name ['.' name]
 * expr       := or;  or := and (OR and)*;  and := not (AND not)*;  not := NOT not | predicate
 * predicate  := additive [ op additive | [NOT] BETWEEN additive AND additive | [NOT] IN (list | '?')
 *                        | IS [NOT] (MISSING | NULL) ]
 * additive   := unary (('+' | '-') unary)*
 * primary    := string | number | TRUE | FALSE | NULL | '?' | '(' expr ')' | '[' ... ']' | '{' k ':' v ... '}'
 *             | '&lt;&lt;' ... '&gt;&gt;' | function '(' args ')' | path
 * path       := name ('.' name | '[' (integer | string) ']')*
 * </pre>
 *
 * The parser knows nothing about tables: it only builds the tree. WHERE is optional in the grammar for
 * UPDATE and DELETE because the service reports its absence as a missing key equality, not as a syntax
 * error.
 */
public final class Parser {

    /**
     * How deeply brackets and NOTs may nest: past what an item can hold (32 levels), and far below what
     * the recursion here would need to overflow a thread's stack.
     */
    static final int MAX_NESTING = 100;

    private final List<Token> tokens;
    private int pos;
    private int parameters;
    private int depth;

    private Parser(List<Token> tokens) {
        this.tokens = tokens;
    }

    /** Parses one statement; throws the service's ValidationException for malformed text. */
    public static Statement.Parsed parse(String text) {
        Parser parser = new Parser(Lexer.tokenize(text));
        Statement statement = parser.statement();
        parser.expectEnd();
        return new Statement.Parsed(statement, parser.parameters);
    }

    // ------------------------------------------------------------------ statements

    private Statement statement() {
        Token t = peek();
        if (t.is(Token.Kind.KEYWORD)) {
            switch (t.text()) {
                case "SELECT" -> {
                    return select();
                }
                case "INSERT" -> {
                    return insert();
                }
                case "UPDATE" -> {
                    return update();
                }
                case "DELETE" -> {
                    return delete();
                }
                case "EXISTS" -> {
                    next();
                    expectPunctuation("(");
                    if (!peek().isKeyword("SELECT")) {
                        throw unexpected(peek());
                    }
                    Statement.Select select = select();
                    expectPunctuation(")");
                    return new Statement.Exists(select);
                }
                default -> {
                }
            }
        }
        throw unexpected(t);
    }

    private Statement.Select select() {
        expectKeyword("SELECT");
        List<Expr.Path> projection = new ArrayList<>();
        boolean all = false;
        do {
            if (peek().isPunctuation("*")) {
                next();
                all = true;
            } else if (peek().isName()) {
                projection.add(path());
            } else if (peek().is(Token.Kind.END)) {
                throw PartiQlErrors.malformed(PartiQlErrors.UNEXPECTED_END);
            } else {
                throw unexpected(peek());
            }
        } while (acceptPunctuation(","));
        if (!acceptKeyword("FROM")) {
            throw PartiQlErrors.malformed(PartiQlErrors.MISSING_FROM);
        }
        Statement.Target from = target(true);
        Expr where = acceptKeyword("WHERE") ? expression() : null;
        List<Statement.Ordering> orderBy = new ArrayList<>();
        if (acceptKeyword("ORDER")) {
            expectKeyword("BY");
            do {
                Expr.Path path = path();
                boolean descending = false;
                if (acceptKeyword("DESC")) {
                    descending = true;
                } else {
                    acceptKeyword("ASC");
                }
                orderBy.add(new Statement.Ordering(path, descending));
            } while (acceptPunctuation(","));
        }
        // "SELECT a, * FROM t" selects everything, as "*" does.
        return new Statement.Select(all ? List.of() : projection, from, where, orderBy);
    }

    private Statement.Insert insert() {
        expectKeyword("INSERT");
        expectKeyword("INTO");
        Statement.Target into = target(false);
        expectKeyword("VALUE");
        Expr value = primary();
        return new Statement.Insert(into, value);
    }

    private Statement.Update update() {
        expectKeyword("UPDATE");
        Statement.Target target = target(false);
        List<Statement.Clause> clauses = new ArrayList<>();
        while (true) {
            if (acceptKeyword("SET")) {
                do {
                    Expr.Path path = path();
                    expectPunctuation("=");
                    clauses.add(new Statement.Assign(path, additive()));
                } while (acceptPunctuation(","));
            } else if (acceptKeyword("REMOVE")) {
                do {
                    clauses.add(new Statement.Remove(path()));
                } while (acceptPunctuation(","));
            } else {
                break;
            }
        }
        if (clauses.isEmpty()) {
            throw unexpected(peek());
        }
        Expr where = acceptKeyword("WHERE") ? expression() : null;
        return new Statement.Update(target, clauses, where, returning());
    }

    private Statement.Delete delete() {
        expectKeyword("DELETE");
        expectKeyword("FROM");
        Statement.Target from = target(false);
        Expr where = acceptKeyword("WHERE") ? expression() : null;
        return new Statement.Delete(from, where, returning());
    }

    private Statement.Returning returning() {
        if (!acceptKeyword("RETURNING")) {
            return null;
        }
        boolean all;
        if (acceptKeyword("ALL")) {
            all = true;
        } else if (acceptWord("MODIFIED")) {
            all = false;
        } else {
            throw unexpected(peek());
        }
        boolean old;
        if (acceptWord("OLD")) {
            old = true;
        } else if (acceptWord("NEW")) {
            old = false;
        } else {
            throw unexpected(peek());
        }
        expectPunctuation("*");
        return all ? (old ? Statement.Returning.ALL_OLD : Statement.Returning.ALL_NEW)
                : (old ? Statement.Returning.MODIFIED_OLD : Statement.Returning.MODIFIED_NEW);
    }

    /**
     * A table, or for SELECT a table and index ({@code "t"."i"}). A further component, or an index on a
     * write, names nothing the service has: it answers "Unexpected path component".
     */
    private Statement.Target target(boolean indexAllowed) {
        String table = name();
        String index = null;
        if (acceptPunctuation(".")) {
            index = name();
            if (!indexAllowed || peek().isPunctuation(".") || peek().isPunctuation("[")) {
                throw PartiQlErrors.validation(PartiQlErrors.UNEXPECTED_PATH_COMPONENT);
            }
        } else if (peek().isPunctuation("[")) {
            throw PartiQlErrors.validation(PartiQlErrors.UNEXPECTED_PATH_COMPONENT);
        }
        return new Statement.Target(table, index);
    }

    // ------------------------------------------------------------------ expressions

    private Expr expression() {
        Expr left = and();
        while (acceptKeyword("OR")) {
            left = new Expr.Or(left, and());
        }
        return left;
    }

    private Expr and() {
        Expr left = not();
        while (acceptKeyword("AND")) {
            left = new Expr.And(left, not());
        }
        return left;
    }

    private Expr not() {
        if (acceptKeyword("NOT")) {
            enter();
            Expr not = new Expr.Not(not());
            depth--;
            return not;
        }
        return predicate();
    }

    private void enter() {
        if (++depth > MAX_NESTING) {
            throw PartiQlErrors.malformed("Statement nests deeper than " + MAX_NESTING + " levels");
        }
    }

    private Expr predicate() {
        Expr left = additive();
        Token t = peek();
        if (t.is(Token.Kind.PUNCTUATION)) {
            Comparator comparator = switch (t.text()) {
                case "=" -> Comparator.EQ;
                case "<>", "!=" -> Comparator.NE;
                case "<" -> Comparator.LT;
                case "<=" -> Comparator.LE;
                case ">" -> Comparator.GT;
                case ">=" -> Comparator.GE;
                default -> null;
            };
            if (comparator != null) {
                next();
                return new Expr.Compare(comparator, left, additive());
            }
            return left;
        }
        boolean negated = false;
        if (t.isKeyword("NOT") && (peek(1).isKeyword("BETWEEN") || peek(1).isKeyword("IN"))) {
            next();
            negated = true;
        }
        Expr result;
        if (acceptKeyword("BETWEEN")) {
            Expr lower = additive();
            expectKeyword("AND");
            result = new Expr.Between(left, lower, additive());
        } else if (acceptKeyword("IN")) {
            result = new Expr.In(left, inCandidates());
        } else if (acceptKeyword("IS")) {
            boolean not = acceptKeyword("NOT");
            if (acceptKeyword("MISSING")) {
                return new Expr.IsMissing(left, not);
            }
            if (acceptKeyword("NULL")) {
                return new Expr.IsNull(left, not);
            }
            throw unexpected(peek());
        } else {
            return left;
        }
        return negated ? new Expr.Not(result) : result;
    }

    /** The right side of IN: a bracketed or parenthesized list, or one parameter holding a list. */
    private Expr inCandidates() {
        if (peek().is(Token.Kind.PARAMETER)) {
            return primary();
        }
        String close;
        if (acceptPunctuation("[")) {
            close = "]";
        } else if (acceptPunctuation("(")) {
            close = ")";
        } else {
            throw unexpected(peek());
        }
        return new Expr.ListLiteral(elements(close));
    }

    private Expr additive() {
        Expr left = unary();
        while (true) {
            if (acceptPunctuation("+")) {
                left = new Expr.Arithmetic(false, left, unary());
            } else if (acceptPunctuation("-")) {
                left = new Expr.Arithmetic(true, left, unary());
            } else {
                return left;
            }
        }
    }

    private Expr unary() {
        if (peek().isPunctuation("-") && peek(1).is(Token.Kind.NUMBER)) {
            next();
            return number("-" + next().text());
        }
        return primary();
    }

    private Expr primary() {
        enter();
        Expr primary = primaryAtThisDepth();
        depth--;
        return primary;
    }

    private Expr primaryAtThisDepth() {
        Token t = peek();
        switch (t.kind()) {
            case STRING -> {
                next();
                return new Expr.Literal(new AttributeValue.S(t.text()));
            }
            case NUMBER -> {
                next();
                return number(t.text());
            }
            case PARAMETER -> {
                next();
                return new Expr.Parameter(parameters++);
            }
            case KEYWORD -> {
                switch (t.text()) {
                    case "TRUE" -> {
                        next();
                        return new Expr.Literal(AttributeValue.Bool.TRUE);
                    }
                    case "FALSE" -> {
                        next();
                        return new Expr.Literal(AttributeValue.Bool.FALSE);
                    }
                    case "NULL" -> {
                        next();
                        return new Expr.Literal(AttributeValue.Null.INSTANCE);
                    }
                    default -> throw unexpected(t);
                }
            }
            case IDENTIFIER -> {
                if (peek(1).isPunctuation("(")) {
                    next();
                    next();
                    List<Expr> arguments = elements(")");
                    return new Expr.Call(t.text().toLowerCase(Locale.ROOT), arguments);
                }
                return path();
            }
            case QUOTED_IDENTIFIER -> {
                return path();
            }
            case PUNCTUATION -> {
                switch (t.text()) {
                    case "(" -> {
                        next();
                        Expr inner = expression();
                        expectPunctuation(")");
                        return inner;
                    }
                    case "[" -> {
                        next();
                        return new Expr.ListLiteral(elements("]"));
                    }
                    case "<<" -> {
                        next();
                        return new Expr.SetLiteral(elements(">>"));
                    }
                    case "{" -> {
                        next();
                        return map();
                    }
                    default -> throw PartiQlErrors.malformed(PartiQlErrors.UNEXPECTED_TERM);
                }
            }
            case END -> throw PartiQlErrors.malformed(PartiQlErrors.EXPECTED_EXPRESSION);
            default -> throw unexpected(t);
        }
    }

    /** Comma-separated expressions up to {@code close}, which may come at once (an empty list). */
    private List<Expr> elements(String close) {
        List<Expr> elements = new ArrayList<>();
        if (acceptPunctuation(close)) {
            return elements;
        }
        do {
            elements.add(expression());
        } while (acceptPunctuation(","));
        expectPunctuation(close);
        return elements;
    }

    private Expr map() {
        List<Expr.Entry> entries = new ArrayList<>();
        if (acceptPunctuation("}")) {
            return new Expr.MapLiteral(entries);
        }
        do {
            Expr key = expression();
            expectPunctuation(":");
            entries.add(new Expr.Entry(key, expression()));
        } while (acceptPunctuation(","));
        expectPunctuation("}");
        return new Expr.MapLiteral(entries);
    }

    private static Expr number(String text) {
        return new Expr.Literal(new AttributeValue.N(Numbers.parse(text)));
    }

    /** A path; {@code *} and {@code [*]} steps (wildcards) are paths DynamoDB does not support. */
    private Expr.Path path() {
        String attribute = name();
        List<Expr.Step> steps = new ArrayList<>();
        while (true) {
            if (acceptPunctuation(".")) {
                if (peek().isPunctuation("*")) {
                    throw PartiQlErrors.validation(PartiQlErrors.UNEXPECTED_PATH_COMPONENT);
                }
                steps.add(new Expr.Name(name()));
            } else if (acceptPunctuation("[")) {
                Token t = next();
                switch (t.kind()) {
                    case NUMBER -> steps.add(new Expr.Index(index(t.text())));
                    case STRING -> steps.add(new Expr.Name(t.text()));
                    default -> throw t.isPunctuation("*")
                            ? PartiQlErrors.validation(PartiQlErrors.UNEXPECTED_PATH_COMPONENT)
                            : PartiQlErrors.malformed(PartiQlErrors.UNEXPECTED_TERM);
                }
                expectPunctuation("]");
            } else {
                return new Expr.Path(attribute, steps);
            }
        }
    }

    private static int index(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isDigit(text.charAt(i))) {
                throw PartiQlErrors.malformed(PartiQlErrors.UNEXPECTED_TERM);
            }
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw PartiQlErrors.malformed(PartiQlErrors.UNEXPECTED_TERM);
        }
    }

    private String name() {
        Token t = peek();
        if (t.isName()) {
            next();
            return t.text();
        }
        if (t.is(Token.Kind.KEYWORD)) {
            throw PartiQlErrors.malformed(PartiQlErrors.UNEXPECTED_KEYWORD);
        }
        if (t.is(Token.Kind.END)) {
            throw PartiQlErrors.malformed(PartiQlErrors.UNEXPECTED_END);
        }
        throw PartiQlErrors.malformed(PartiQlErrors.EXPECTED_IDENTIFIER);
    }

    // ------------------------------------------------------------------ tokens

    private Token peek() {
        return tokens.get(pos);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (!t.is(Token.Kind.END)) {
            pos++;
        }
        return t;
    }

    private boolean acceptKeyword(String keyword) {
        if (peek().isKeyword(keyword)) {
            pos++;
            return true;
        }
        return false;
    }

    /** A word that is a keyword only in one place (RETURNING's MODIFIED, OLD, NEW): an unquoted name there. */
    private boolean acceptWord(String word) {
        if (peek().is(Token.Kind.IDENTIFIER) && peek().text().equalsIgnoreCase(word)) {
            pos++;
            return true;
        }
        return false;
    }

    private boolean acceptPunctuation(String symbol) {
        if (peek().isPunctuation(symbol)) {
            pos++;
            return true;
        }
        return false;
    }

    private void expectKeyword(String keyword) {
        if (!acceptKeyword(keyword)) {
            throw unexpected(peek());
        }
    }

    private void expectPunctuation(String symbol) {
        if (!acceptPunctuation(symbol)) {
            throw unexpected(peek());
        }
    }

    private void expectEnd() {
        if (!peek().is(Token.Kind.END)) {
            throw unexpected(peek());
        }
    }

    /** The parser's complaint about a token it cannot use here. */
    private static DynamoException unexpected(Token t) {
        return PartiQlErrors.malformed(switch (t.kind()) {
            case KEYWORD -> PartiQlErrors.UNEXPECTED_KEYWORD;
            case END -> PartiQlErrors.UNEXPECTED_END;
            case STRING, NUMBER, PARAMETER -> PartiQlErrors.UNEXPECTED_TERM;
            default -> PartiQlErrors.UNEXPECTED_TOKEN;
        });
    }
}
