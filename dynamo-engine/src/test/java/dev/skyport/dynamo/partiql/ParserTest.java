package dev.skyport.dynamo.partiql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skyport.dynamo.expr.Comparator;
import dev.skyport.dynamo.model.AttributeValue;
import dev.skyport.dynamo.model.DynamoException;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Statement text to tree, and the syntax errors the service reports for text it cannot read. */
class ParserTest {

    private static Statement parse(String text) {
        return Parser.parse(text).statement();
    }

    private static Expr where(String condition) {
        return ((Statement.Select) parse("SELECT * FROM t WHERE " + condition)).where();
    }

    private static Expr.Path path(String attribute, Expr.Step... steps) {
        return new Expr.Path(attribute, List.of(steps));
    }

    private static Expr.Literal s(String value) {
        return new Expr.Literal(new AttributeValue.S(value));
    }

    private static Expr.Literal n(String value) {
        return new Expr.Literal(AttributeValue.n(value));
    }

    private static Expr eq(Expr left, Expr right) {
        return new Expr.Compare(Comparator.EQ, left, right);
    }

    @Nested
    class Select {

        @Test
        void selectsEverythingFromATable() {
            assertThat(parse("SELECT * FROM \"Music\"")).isEqualTo(new Statement.Select(List.of(),
                    new Statement.Target("Music", null), null, List.of()));
        }

        @Test
        void selectsNestedPathsAndQuotedNames() {
            Statement.Select select = (Statement.Select) parse("SELECT a, b.c, d[1], \"e f\"['g'] FROM t");
            assertThat(select.projection()).containsExactly(
                    path("a"),
                    path("b", new Expr.Name("c")),
                    path("d", new Expr.Index(1)),
                    path("e f", new Expr.Name("g")));
        }

        @Test
        void starAmongPathsSelectsEverything() {
            assertThat(((Statement.Select) parse("SELECT a, * FROM t")).projection()).isEmpty();
        }

        @Test
        void readsAnIndexAsTheSecondComponentOfTheSource() {
            assertThat(((Statement.Select) parse("SELECT * FROM \"t\".\"by-status\"")).from())
                    .isEqualTo(new Statement.Target("t", "by-status"));
        }

        @Test
        void keywordsAreCaseInsensitiveAndQuotedKeywordsAreNames() {
            Statement.Select select = (Statement.Select) parse("select \"select\" from \"from\" where \"where\" = 1");
            assertThat(select.projection()).containsExactly(path("select"));
            assertThat(select.from().table()).isEqualTo("from");
            assertThat(select.where()).isEqualTo(eq(path("where"), n("1")));
        }

        @Test
        void ordersBySortKey() {
            Statement.Select select = (Statement.Select) parse("SELECT * FROM t WHERE pk = 1 ORDER BY sk DESC");
            assertThat(select.orderBy()).containsExactly(new Statement.Ordering(path("sk"), true));
            assertThat(((Statement.Select) parse("SELECT * FROM t WHERE pk = 1 ORDER BY sk ASC")).orderBy())
                    .containsExactly(new Statement.Ordering(path("sk"), false));
            assertThat(((Statement.Select) parse("SELECT * FROM t WHERE pk = 1 ORDER BY sk")).orderBy())
                    .containsExactly(new Statement.Ordering(path("sk"), false));
        }

        @Test
        void skipsComments() {
            assertThat(parse("SELECT * -- everything\nFROM /* the table */ t"))
                    .isEqualTo(parse("SELECT * FROM t"));
        }
    }

    @Nested
    class Conditions {

        @Test
        void comparesWithEveryOperator() {
            assertThat(where("a = 1")).isEqualTo(eq(path("a"), n("1")));
            assertThat(where("a <> 1")).isEqualTo(new Expr.Compare(Comparator.NE, path("a"), n("1")));
            assertThat(where("a != 1")).isEqualTo(new Expr.Compare(Comparator.NE, path("a"), n("1")));
            assertThat(where("a < 1")).isEqualTo(new Expr.Compare(Comparator.LT, path("a"), n("1")));
            assertThat(where("a <= 1")).isEqualTo(new Expr.Compare(Comparator.LE, path("a"), n("1")));
            assertThat(where("a > 1")).isEqualTo(new Expr.Compare(Comparator.GT, path("a"), n("1")));
            assertThat(where("a >= 1")).isEqualTo(new Expr.Compare(Comparator.GE, path("a"), n("1")));
        }

        @Test
        void readsBetweenAndIn() {
            assertThat(where("a BETWEEN 1 AND 5")).isEqualTo(new Expr.Between(path("a"), n("1"), n("5")));
            assertThat(where("a NOT BETWEEN 1 AND 5"))
                    .isEqualTo(new Expr.Not(new Expr.Between(path("a"), n("1"), n("5"))));
            Expr.In in = new Expr.In(path("a"), new Expr.ListLiteral(List.of(s("x"), s("y"))));
            assertThat(where("a IN ['x', 'y']")).isEqualTo(in);
            assertThat(where("a IN ('x', 'y')")).isEqualTo(in);
            assertThat(where("a NOT IN ['x', 'y']")).isEqualTo(new Expr.Not(in));
            assertThat(where("a IN ?")).isEqualTo(new Expr.In(path("a"), new Expr.Parameter(0)));
        }

        @Test
        void betweenBindsTighterThanTheAndAroundIt() {
            assertThat(where("a BETWEEN 1 AND 5 AND b = 2")).isEqualTo(new Expr.And(
                    new Expr.Between(path("a"), n("1"), n("5")), eq(path("b"), n("2"))));
        }

        @Test
        void andBindsTighterThanOrAndNotTighterThanAnd() {
            assertThat(where("a = 1 OR b = 2 AND NOT c = 3")).isEqualTo(new Expr.Or(
                    eq(path("a"), n("1")),
                    new Expr.And(eq(path("b"), n("2")), new Expr.Not(eq(path("c"), n("3"))))));
            assertThat(where("(a = 1 OR b = 2) AND c = 3")).isEqualTo(new Expr.And(
                    new Expr.Or(eq(path("a"), n("1")), eq(path("b"), n("2"))), eq(path("c"), n("3"))));
        }

        @Test
        void testsForMissingAndNull() {
            assertThat(where("a IS MISSING")).isEqualTo(new Expr.IsMissing(path("a"), false));
            assertThat(where("a IS NOT MISSING")).isEqualTo(new Expr.IsMissing(path("a"), true));
            assertThat(where("a.b IS NULL")).isEqualTo(new Expr.IsNull(path("a", new Expr.Name("b")), false));
            assertThat(where("a IS NOT NULL")).isEqualTo(new Expr.IsNull(path("a"), true));
        }

        @Test
        void callsFunctionsByCaseInsensitiveName() {
            assertThat(where("BEGINS_WITH(a, 'x')")).isEqualTo(new Expr.Call("begins_with", List.of(path("a"), s("x"))));
            assertThat(where("contains(a, ?)")).isEqualTo(new Expr.Call("contains", List.of(path("a"),
                    new Expr.Parameter(0))));
            assertThat(where("attribute_type(a, 'SS')"))
                    .isEqualTo(new Expr.Call("attribute_type", List.of(path("a"), s("SS"))));
            assertThat(where("size(a[0].b) > 3")).isEqualTo(new Expr.Compare(Comparator.GT,
                    new Expr.Call("size", List.of(path("a", new Expr.Index(0), new Expr.Name("b")))), n("3")));
        }

        @Test
        void numbersParametersInTextOrder() {
            Statement.Parsed parsed = Parser.parse("SELECT * FROM t WHERE a = ? AND b BETWEEN ? AND ? OR c IN [?]");
            assertThat(parsed.parameterCount()).isEqualTo(4);
            assertThat(where("a = ? AND b = ?")).isEqualTo(new Expr.And(
                    eq(path("a"), new Expr.Parameter(0)), eq(path("b"), new Expr.Parameter(1))));
        }
    }

    @Nested
    class Literals {

        @Test
        void readsScalars() {
            assertThat(where("a = 'it''s'")).isEqualTo(eq(path("a"), s("it's")));
            assertThat(where("a = -12.50")).isEqualTo(eq(path("a"), n("-12.5")));
            assertThat(where("a = 1.5e3")).isEqualTo(eq(path("a"), n("1500")));
            assertThat(where("a = TRUE")).isEqualTo(eq(path("a"), new Expr.Literal(AttributeValue.Bool.TRUE)));
            assertThat(where("a = false")).isEqualTo(eq(path("a"), new Expr.Literal(AttributeValue.Bool.FALSE)));
            assertThat(where("a = NULL")).isEqualTo(eq(path("a"), new Expr.Literal(AttributeValue.Null.INSTANCE)));
        }

        @Test
        void readsSetsListsAndMaps() {
            Statement.Insert insert = (Statement.Insert) parse(
                    "INSERT INTO t VALUE {'pk': 'a', 'tags': <<'x', 'y'>>, 'l': [1, [2]], 'm': {'k': ?}}");
            assertThat(insert.value()).isEqualTo(new Expr.MapLiteral(List.of(
                    new Expr.Entry(s("pk"), s("a")),
                    new Expr.Entry(s("tags"), new Expr.SetLiteral(List.of(s("x"), s("y")))),
                    new Expr.Entry(s("l"), new Expr.ListLiteral(List.of(n("1"), new Expr.ListLiteral(List.of(n("2")))))),
                    new Expr.Entry(s("m"), new Expr.MapLiteral(List.of(new Expr.Entry(s("k"), new Expr.Parameter(0))))))));
        }

        @Test
        void readsEmptyCollections() {
            assertThat(where("a = []")).isEqualTo(eq(path("a"), new Expr.ListLiteral(List.of())));
            assertThat(where("a = {}")).isEqualTo(eq(path("a"), new Expr.MapLiteral(List.of())));
        }
    }

    @Nested
    class Writes {

        @Test
        void insertsAValue() {
            assertThat(parse("INSERT INTO \"t\" VALUE ?"))
                    .isEqualTo(new Statement.Insert(new Statement.Target("t", null), new Expr.Parameter(0)));
        }

        @Test
        void updatesWithSetAndRemoveClausesInAnyNumber() {
            Statement.Update update = (Statement.Update) parse("UPDATE t SET a = ?, b.c = b.c + 1 SET l = list_append(l, ?) "
                    + "REMOVE x, y[2] WHERE pk = ? AND sk = 'k' RETURNING MODIFIED NEW *");
            assertThat(update.target()).isEqualTo(new Statement.Target("t", null));
            assertThat(update.clauses()).containsExactly(
                    new Statement.Assign(path("a"), new Expr.Parameter(0)),
                    new Statement.Assign(path("b", new Expr.Name("c")),
                            new Expr.Arithmetic(false, path("b", new Expr.Name("c")), n("1"))),
                    new Statement.Assign(path("l"), new Expr.Call("list_append", List.of(path("l"), new Expr.Parameter(1)))),
                    new Statement.Remove(path("x")),
                    new Statement.Remove(path("y", new Expr.Index(2))));
            assertThat(update.where()).isEqualTo(new Expr.And(eq(path("pk"), new Expr.Parameter(2)), eq(path("sk"), s("k"))));
            assertThat(update.returning()).isEqualTo(Statement.Returning.MODIFIED_NEW);
        }

        @Test
        void readsEveryReturningForm() {
            assertThat(((Statement.Update) parse("UPDATE t SET a = 1 WHERE pk = 1 RETURNING ALL OLD *")).returning())
                    .isEqualTo(Statement.Returning.ALL_OLD);
            assertThat(((Statement.Update) parse("UPDATE t SET a = 1 WHERE pk = 1 RETURNING ALL NEW *")).returning())
                    .isEqualTo(Statement.Returning.ALL_NEW);
            assertThat(((Statement.Update) parse("UPDATE t SET a = 1 WHERE pk = 1 RETURNING MODIFIED OLD *")).returning())
                    .isEqualTo(Statement.Returning.MODIFIED_OLD);
            assertThat(((Statement.Update) parse("UPDATE t SET a = 1 WHERE pk = 1")).returning()).isNull();
        }

        @Test
        void returningWordsAreOrdinaryNamesElsewhere() {
            Statement.Update update = (Statement.Update) parse(
                    "UPDATE t SET new = old, modified = 1 WHERE pk = 1 RETURNING modified old *");
            assertThat(update.clauses()).containsExactly(new Statement.Assign(path("new"), path("old")),
                    new Statement.Assign(path("modified"), n("1")));
            assertThat(update.returning()).isEqualTo(Statement.Returning.MODIFIED_OLD);
        }

        @Test
        void subtractsInSetValues() {
            Statement.Update update = (Statement.Update) parse("UPDATE t SET a = a - 2 WHERE pk = 1");
            assertThat(update.clauses()).containsExactly(
                    new Statement.Assign(path("a"), new Expr.Arithmetic(true, path("a"), n("2"))));
        }

        @Test
        void deletesWithOptionalReturning() {
            assertThat(parse("DELETE FROM t WHERE pk = 'a' RETURNING ALL OLD *")).isEqualTo(new Statement.Delete(
                    new Statement.Target("t", null), eq(path("pk"), s("a")), Statement.Returning.ALL_OLD));
            assertThat(((Statement.Delete) parse("DELETE FROM t WHERE pk = 'a'")).returning()).isNull();
        }

        @Test
        void leavesAMissingWhereToThePlanner() {
            assertThat(((Statement.Update) parse("UPDATE t SET a = 1")).where()).isNull();
            assertThat(((Statement.Delete) parse("DELETE FROM t")).where()).isNull();
        }

        @Test
        void wrapsASelectInExists() {
            assertThat(parse("EXISTS(SELECT * FROM t WHERE pk = 'a' AND x IS MISSING)")).isEqualTo(new Statement.Exists(
                    (Statement.Select) parse("SELECT * FROM t WHERE pk = 'a' AND x IS MISSING")));
        }
    }

    @Nested
    class SyntaxErrors {

        private void malformed(String text, String parserMessage) {
            assertThatThrownBy(() -> Parser.parse(text))
                    .isInstanceOfSatisfying(DynamoException.class, e -> {
                        assertThat(e.type()).isEqualTo("com.amazon.coral.validate#ValidationException");
                        assertThat(e.getMessage()).isEqualTo(
                                "Statement wasn't well formed, can't be processed: " + parserMessage);
                    });
        }

        private void invalid(String text, String message) {
            assertThatThrownBy(() -> Parser.parse(text))
                    .isInstanceOfSatisfying(DynamoException.class, e -> {
                        assertThat(e.type()).isEqualTo("com.amazon.coral.validate#ValidationException");
                        assertThat(e.getMessage()).isEqualTo(message);
                    });
        }

        @Test
        void blankStatementEndsUnexpectedly() {
            malformed("   ", "Unexpected end of statement");
        }

        @Test
        void unknownStatementIsAnUnexpectedToken() {
            malformed("FETCH * FROM t", "Unexpected token");
            malformed("'x'", "Unexpected term");
        }

        @Test
        void keywordWhereANameBelongsIsAnUnexpectedKeyword() {
            malformed("SELECT FROM t", "Unexpected keyword");
            malformed("SELECT * FROM WHERE", "Unexpected keyword");
            malformed("INSERT INTO t VALUES {'pk': 'a'}", "Unexpected keyword");
        }

        @Test
        void selectWithoutFromSaysSo() {
            malformed("SELECT *", "Expected FROM after SELECT list");
            malformed("SELECT a WHERE a = 1", "Expected FROM after SELECT list");
            malformed("SELECT * FORM t", "Expected FROM after SELECT list");
        }

        @Test
        void missingExpressionIsReported() {
            malformed("SELECT * FROM t WHERE", "Expected expression");
            malformed("SELECT * FROM t WHERE a =", "Expected expression");
            malformed("SELECT * FROM t WHERE a BETWEEN 1 AND", "Expected expression");
        }

        @Test
        void trailingTextIsUnexpected() {
            malformed("SELECT * FROM t u", "Unexpected token");
            malformed("SELECT * FROM t WHERE a = 1 b", "Unexpected token");
            malformed("SELECT * FROM t WHERE a = 1 RETURNING ALL OLD *", "Unexpected keyword");
        }

        @Test
        void unclosedGroupEndsUnexpectedly() {
            malformed("SELECT * FROM t WHERE (a = 1", "Unexpected end of statement");
            malformed("SELECT * FROM t WHERE a IN [1, 2", "Unexpected end of statement");
        }

        @Test
        void unterminatedQuotesAreReported() {
            malformed("SELECT * FROM t WHERE a = 'x", "Unterminated string literal");
            malformed("SELECT * FROM \"t", "Unterminated quoted identifier");
        }

        @Test
        void charactersOutsideTheGrammarAreInvalid() {
            malformed("SELECT * FROM t WHERE a # 1", "Invalid character");
            malformed("SELECT * FROM t WHERE a = 1abc", "Invalid character");
            malformed("SELECT * FROM t;", "Invalid character");
        }

        @Test
        void aPathStepMustBeANameOrIndex() {
            malformed("SELECT a. FROM t", "Unexpected keyword");
            malformed("SELECT a.'b' FROM t", "Expected identifier for simple path");
            malformed("SELECT * FROM t WHERE a[x] = 1", "Unexpected term");
            malformed("SELECT * FROM t WHERE a[1.5] = 1", "Unexpected term");
        }

        @Test
        void wildcardPathsAndExtraSourceComponentsAreUnexpected() {
            invalid("SELECT a.* FROM t", "Unexpected path component");
            invalid("SELECT a[*] FROM t", "Unexpected path component");
            invalid("SELECT * FROM t.i.x", "Unexpected path component");
            invalid("INSERT INTO t.i VALUE {'pk': 'a'}", "Unexpected path component");
            invalid("UPDATE t.i SET a = 1 WHERE pk = 'a'", "Unexpected path component");
            invalid("DELETE FROM t.i WHERE pk = 'a'", "Unexpected path component");
        }

        @Test
        void updateNeedsASetOrRemoveClause() {
            malformed("UPDATE t WHERE pk = 1", "Unexpected keyword");
            malformed("UPDATE t SET a 1 WHERE pk = 1", "Unexpected term");
            malformed("UPDATE t SET a = 1 WHERE pk = 1 RETURNING ALL *", "Unexpected token");
            malformed("UPDATE t SET a = 1 WHERE pk = 1 RETURNING NEW *", "Unexpected token");
        }

        @Test
        void deleteNeedsFrom() {
            malformed("DELETE t WHERE pk = 1", "Unexpected token");
        }

        @Test
        void isNeedsMissingOrNull() {
            malformed("SELECT * FROM t WHERE a IS 5", "Unexpected term");
        }

        @Test
        void orderNeedsBy() {
            malformed("SELECT * FROM t WHERE pk = 1 ORDER sk", "Unexpected token");
        }

        @Test
        void existsWrapsOnlyASelect() {
            malformed("EXISTS(DELETE FROM t WHERE pk = 1)", "Unexpected keyword");
            malformed("EXISTS SELECT * FROM t", "Unexpected keyword");
        }

        @Test
        void numbersOutsideDynamoDbsRangeFailAsNumbersDo() {
            invalid("SELECT * FROM t WHERE a = 1e200",
                    "Number overflow. Attempting to store a number with magnitude larger than supported range");
        }
    }
}
