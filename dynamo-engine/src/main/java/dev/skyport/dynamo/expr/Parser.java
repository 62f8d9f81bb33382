package dev.skyport.dynamo.expr;

import dev.skyport.dynamo.expr.Lexer.Kind;
import dev.skyport.dynamo.expr.Lexer.Token;
import dev.skyport.dynamo.expr.Syntax.Operand;
import java.util.ArrayList;
import java.util.List;

/**
 * A backtracking recursive-descent parser for the three expression grammars (condition, update,
 * projection), with the service's precedence: comparisons, IN, BETWEEN and functions bind tightest,
 * then NOT, then AND, then OR.
 *
 * <p>The service reports a syntax error at the first token no reading of the text can get past, and
 * quotes it with its neighbours; tracking the furthest token any alternative failed at gives the same
 * token. Doubled parentheses are rejected as the service rejects them, when the outer group closes, so a
 * redundant pair before a syntax error wins over the syntax error; pairs seen only inside an alternative
 * that was abandoned do not count.
 */
final class Parser {

    private final String source;
    private final List<Token> tokens;
    private int pos;
    private int furthest;
    // Redundant pairs in the parse kept so far; restored with pos whenever an alternative is abandoned.
    private int redundant;

    private Parser(String source) {
        this.source = source;
        this.tokens = Lexer.tokenize(source);
    }

    static Syntax.Cond condition(String source) {
        Parser p = new Parser(source);
        Syntax.Cond c = p.orCondition();
        p.finish(c != null);
        return c;
    }

    static List<Syntax.Section> update(String source) {
        Parser p = new Parser(source);
        List<Syntax.Section> sections = new ArrayList<>();
        for (Syntax.Section s = p.section(); s != null; s = p.section()) {
            sections.add(s);
        }
        p.finish(!sections.isEmpty());
        return sections;
    }

    static List<Syntax.Path> projection(String source) {
        Parser p = new Parser(source);
        List<Syntax.Path> paths = new ArrayList<>();
        Syntax.Path first = p.path();
        if (first != null) {
            paths.add(first);
            while (true) {
                int save = p.pos;
                if (!p.accept(Kind.COMMA)) {
                    break;
                }
                Syntax.Path next = p.path();
                if (next == null) {
                    p.pos = save;
                    break;
                }
                paths.add(next);
            }
        }
        p.finish(first != null);
        return paths;
    }

    /** Accepts the parse if it covers the whole text, else throws the error the service would report. */
    private void finish(boolean parsed) {
        boolean complete = parsed && accept(Kind.EOF);
        if (redundant > 0) {
            throw ExpressionError.of("The expression has redundant parentheses");
        }
        if (!complete) {
            throw syntaxError();
        }
    }

    private ExpressionError syntaxError() {
        Token current = tokens.get(furthest);
        Token previous = furthest > 0 ? tokens.get(furthest - 1) : null;
        Token next = current.is(Kind.EOF) ? null : tokens.get(furthest + 1);
        // The service quotes the previous, offending and next tokens with the blanks between them.
        int from = previous != null ? previous.start() : 0;
        int to = next != null && !next.is(Kind.EOF) ? next.end() : source.length();
        return ExpressionError.of("Syntax error", "token", "\"" + current.text() + "\"",
                "near", "\"" + source.substring(from, to) + "\"");
    }

    // --- conditions -------------------------------------------------------------------------------

    /** OR, right-associative as in the service's grammar (which does not change the result). */
    private Syntax.Cond orCondition() {
        Syntax.Cond left = andCondition();
        if (left == null) {
            return null;
        }
        int save = pos;
        int mark = redundant;
        if (accept(Kind.OR)) {
            Syntax.Cond right = orCondition();
            if (right != null) {
                return new Syntax.Or(left, right);
            }
            restore(save, mark);
        }
        return left;
    }

    private Syntax.Cond andCondition() {
        Syntax.Cond left = notCondition();
        if (left == null) {
            return null;
        }
        int save = pos;
        int mark = redundant;
        if (accept(Kind.AND)) {
            Syntax.Cond right = andCondition();
            if (right != null) {
                return new Syntax.And(left, right);
            }
            restore(save, mark);
        }
        return left;
    }

    private Syntax.Cond notCondition() {
        int start = pos;
        int mark = redundant;
        if (accept(Kind.NOT)) {
            Syntax.Cond inner = notCondition();
            if (inner != null) {
                return new Syntax.Not(inner);
            }
            restore(start, mark);
            return null;
        }
        return primary();
    }

    /** Comparison, IN, BETWEEN, function, or a parenthesized condition, tried in the grammar's order. */
    private Syntax.Cond primary() {
        int start = pos;
        int mark = redundant;
        // The first three alternatives share their leading operand; parsing it once is equivalent.
        Operand left = operand();
        if (left != null) {
            Syntax.Cond c = afterLeftOperand(left);
            if (c != null) {
                return c;
            }
            restore(start, mark);
        }
        Syntax.Call call = function();
        if (call != null) {
            return new Syntax.FunctionCond(call);
        }
        if (accept(Kind.LPAREN)) {
            Syntax.Cond inner = orCondition();
            if (inner != null && accept(Kind.RPAREN)) {
                if (inner instanceof Syntax.Group) {
                    redundant++;
                }
                return new Syntax.Group(inner);
            }
        }
        restore(start, mark);
        return null;
    }

    private Syntax.Cond afterLeftOperand(Operand left) {
        Token t = peek();
        switch (t.kind()) {
            case EQ, NE, LT, LE, GT, GE -> {
                pos++;
                Operand right = operand();
                return right == null ? null : new Syntax.Compare(left, t, right);
            }
            case IN -> {
                pos++;
                if (!accept(Kind.LPAREN)) {
                    return null;
                }
                List<Operand> candidates = operandList();
                return candidates != null && accept(Kind.RPAREN) ? new Syntax.In(left, candidates) : null;
            }
            case BETWEEN -> {
                pos++;
                Operand lower = operand();
                if (lower == null || !accept(Kind.AND)) {
                    return null;
                }
                Operand upper = operand();
                return upper == null ? null : new Syntax.Between(left, lower, upper);
            }
            default -> {
                miss();
                return null;
            }
        }
    }

    // --- operands ---------------------------------------------------------------------------------

    private Operand operand() {
        Token t = peek();
        switch (t.kind()) {
            case ID -> {
                return tokens.get(pos + 1).is(Kind.LPAREN) ? function() : path();
            }
            case NAME -> {
                return path();
            }
            case VALUE -> {
                pos++;
                return new Syntax.Value(t);
            }
            case LPAREN -> {
                int start = pos;
                int mark = redundant;
                pos++;
                Operand inner = operand();
                if (inner != null && accept(Kind.RPAREN)) {
                    if (inner instanceof Syntax.Paren) {
                        redundant++;
                    }
                    return new Syntax.Paren(inner);
                }
                restore(start, mark);
                return null;
            }
            default -> {
                miss();
                return null;
            }
        }
    }

    /** {@code operand (',' operand)*}, for function arguments and IN lists. */
    private List<Operand> operandList() {
        Operand first = operand();
        if (first == null) {
            return null;
        }
        List<Operand> list = new ArrayList<>();
        list.add(first);
        while (true) {
            int save = pos;
            int mark = redundant;
            if (!accept(Kind.COMMA)) {
                return list;
            }
            Operand next = operand();
            if (next == null) {
                restore(save, mark);
                return list;
            }
            list.add(next);
        }
    }

    private Syntax.Call function() {
        int start = pos;
        int mark = redundant;
        Token name = peek();
        if (!name.is(Kind.ID)) {
            miss();
            return null;
        }
        pos++;
        if (accept(Kind.LPAREN)) {
            List<Operand> arguments = operandList();
            if (arguments != null && accept(Kind.RPAREN)) {
                return new Syntax.Call(name, arguments);
            }
        }
        restore(start, mark);
        return null;
    }

    private Syntax.Path path() {
        Token head = peek();
        if (!head.is(Kind.ID) && !head.is(Kind.NAME)) {
            miss();
            return null;
        }
        pos++;
        List<Syntax.Element> elements = new ArrayList<>();
        elements.add(new Syntax.Id(head));
        while (true) {
            int save = pos;
            if (accept(Kind.DOT)) {
                Token t = peek();
                if (t.is(Kind.ID) || t.is(Kind.NAME)) {
                    pos++;
                    elements.add(new Syntax.Id(t));
                    continue;
                }
                if (t.is(Kind.VALUE)) {
                    pos++;
                    elements.add(new Syntax.ValueAccess(t));
                    continue;
                }
                miss();
                pos = save;
                break;
            }
            if (accept(Kind.LBRACKET)) {
                Token index = peek();
                if (index.is(Kind.INDEX)) {
                    pos++;
                    if (accept(Kind.RBRACKET)) {
                        elements.add(new Syntax.Index("[" + index.text() + "]"));
                        continue;
                    }
                } else {
                    miss();
                }
                pos = save;
            }
            break;
        }
        return new Syntax.Path(List.copyOf(elements));
    }

    // --- update expressions -----------------------------------------------------------------------

    private Syntax.Section section() {
        Token keyword = peek();
        Kind kind = keyword.kind();
        if (kind != Kind.SET && kind != Kind.ADD && kind != Kind.DELETE && kind != Kind.REMOVE) {
            miss();
            return null;
        }
        int start = pos;
        int mark = redundant;
        pos++;
        List<Syntax.Action> actions = new ArrayList<>();
        Syntax.Action first = action(kind);
        if (first == null) {
            restore(start, mark);
            return null;
        }
        actions.add(first);
        while (true) {
            int save = pos;
            int saveMark = redundant;
            if (!accept(Kind.COMMA)) {
                break;
            }
            Syntax.Action next = action(kind);
            if (next == null) {
                restore(save, saveMark);
                break;
            }
            actions.add(next);
        }
        return new Syntax.Section(keyword, List.copyOf(actions));
    }

    private Syntax.Action action(Kind kind) {
        int start = pos;
        int mark = redundant;
        Syntax.Path path = path();
        if (path == null) {
            return null;
        }
        switch (kind) {
            case REMOVE -> {
                return new Syntax.Action(kind, path, null);
            }
            case SET -> {
                if (accept(Kind.EQ)) {
                    Operand value = setValue();
                    if (value != null) {
                        return new Syntax.Action(kind, path, value);
                    }
                }
            }
            default -> {
                Token value = peek();
                if (value.is(Kind.VALUE)) {
                    pos++;
                    return new Syntax.Action(kind, path, new Syntax.Value(value));
                }
                miss();
            }
        }
        restore(start, mark);
        return null;
    }

    /**
     * A SET value: an operand or {@code operand +|- operand}. The longer reading is tried first, which
     * picks the reading the service's parser settles on.
     */
    private Operand setValue() {
        Operand arithmetic = arithmetic();
        return arithmetic != null ? arithmetic : operand();
    }

    private Operand arithmetic() {
        int start = pos;
        int mark = redundant;
        Operand left = operand();
        if (left != null) {
            Token op = peek();
            if (op.is(Kind.PLUS) || op.is(Kind.MINUS)) {
                pos++;
                Operand right = operand();
                if (right != null) {
                    return new Syntax.Arithmetic(left, op, right);
                }
            } else {
                miss();
            }
        }
        restore(start, mark);
        if (accept(Kind.LPAREN)) {
            Operand inner = arithmetic();
            if (inner != null && accept(Kind.RPAREN)) {
                if (inner instanceof Syntax.ArithmeticParen) {
                    redundant++;
                }
                return new Syntax.ArithmeticParen(inner);
            }
        }
        restore(start, mark);
        return null;
    }

    // --- token helpers ----------------------------------------------------------------------------

    private Token peek() {
        return tokens.get(pos);
    }

    private boolean accept(Kind kind) {
        if (tokens.get(pos).is(kind)) {
            pos++;
            return true;
        }
        miss();
        return false;
    }

    /** Notes that the parse could not continue at the current token. */
    private void miss() {
        if (pos > furthest) {
            furthest = pos;
        }
    }

    private void restore(int position, int redundantMark) {
        pos = position;
        redundant = redundantMark;
    }
}
