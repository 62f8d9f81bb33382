package dev.skyport.dynamo.expr;

import static dev.skyport.dynamo.expr.Fixtures.b;
import static dev.skyport.dynamo.expr.Fixtures.bool;
import static dev.skyport.dynamo.expr.Fixtures.condition;
import static dev.skyport.dynamo.expr.Fixtures.context;
import static dev.skyport.dynamo.expr.Fixtures.item;
import static dev.skyport.dynamo.expr.Fixtures.l;
import static dev.skyport.dynamo.expr.Fixtures.m;
import static dev.skyport.dynamo.expr.Fixtures.n;
import static dev.skyport.dynamo.expr.Fixtures.names;
import static dev.skyport.dynamo.expr.Fixtures.ns;
import static dev.skyport.dynamo.expr.Fixtures.nul;
import static dev.skyport.dynamo.expr.Fixtures.s;
import static dev.skyport.dynamo.expr.Fixtures.ss;
import static dev.skyport.dynamo.expr.Fixtures.values;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.dynamo.model.AttributeValue;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConditionEvaluationTest {

    private final Map<String, AttributeValue> item = item(
            "id", s("k1"),
            "title", s("hello world"),
            "count", n("10"),
            "price", n("2.50"),
            "bin", b("abcdef"),
            "flag", bool(true),
            "nothing", nul(),
            "tags", ss("red", "blue"),
            "scores", ns("1", "2.5"),
            "lst", l(s("a"), n("1"), m("k", s("v"))),
            "map", m("nest", m("deep", n("7")), "elems", l(s("x"), s("y"), s("z"))));

    @Test
    void comparesNumbersByValueNotText() {
        assertThat(condition("price = :v", ":v", n("2.5")).test(item)).isTrue();
        assertThat(condition("price < :v", ":v", n("10")).test(item)).isTrue();
        assertThat(condition("#c >= :v", context(names("#c", "count"), values(":v", n("10")))).test(item)).isTrue();
        assertThat(condition("#c > :v", context(names("#c", "count"), values(":v", n("9.99")))).test(item)).isTrue();
    }

    @Test
    void comparesStringsByUtf8Bytes() {
        assertThat(condition("title < :v", ":v", s("hello x")).test(item)).isTrue();
        assertThat(condition("title <= :v", ":v", s("hello world")).test(item)).isTrue();
        assertThat(condition("title > :v", ":v", s("Hello")).test(item)).isTrue();
    }

    @Test
    void comparingDifferentTypesIsFalseRatherThanAnError() {
        assertThat(condition("#c = :v", context(names("#c", "count"), values(":v", s("10")))).test(item)).isFalse();
        assertThat(condition("title < :v", ":v", n("1")).test(item)).isFalse();
        assertThat(condition("title > :v", ":v", n("1")).test(item)).isFalse();
    }

    @Test
    void notEqualHoldsForAMissingAttributeAndAnotherType() {
        assertThat(condition("absent <> :v", ":v", s("x")).test(item)).isTrue();
        assertThat(condition("title <> :v", ":v", n("1")).test(item)).isTrue();
        assertThat(condition("title <> :v", ":v", s("hello world")).test(item)).isFalse();
    }

    @Test
    void equalityIsDeepForListsMapsAndSets() {
        assertThat(condition("tags = :v", ":v", ss("blue", "red")).test(item)).isTrue();
        assertThat(condition("scores = :v", ":v", ns("2.50", "1")).test(item)).isTrue();
        assertThat(condition("lst = :v", ":v", l(s("a"), n("1.0"), m("k", s("v")))).test(item)).isTrue();
        assertThat(condition("lst = :v", ":v", l(n("1"), s("a"), m("k", s("v")))).test(item)).isFalse();
        assertThat(condition("#m.nest = :v", context(names("#m", "map"), values(":v", m("deep", n("7")))))
                .test(item)).isTrue();
    }

    @Test
    void resolvesNestedPathsWithMapKeysAndListIndexes() {
        ExpressionContext ctx = context(names("#m", "map"), values(":v", n("7"), ":y", s("y")));
        assertThat(condition("#m.nest.deep = :v AND #m.elems[1] = :y", ctx).test(item)).isTrue();
        assertThat(condition("lst[2].k = :v", ":v", s("v")).test(item)).isTrue();
    }

    @Test
    void aPathThroughTheWrongKindOfContainerHasNoValue() {
        assertThat(condition("attribute_exists(lst.k)").test(item)).isFalse();
        assertThat(condition("attribute_exists(#m[0])", context(names("#m", "map"), null)).test(item)).isFalse();
        assertThat(condition("attribute_exists(lst[9])").test(item)).isFalse();
        assertThat(condition("attribute_not_exists(title.x)").test(item)).isTrue();
    }

    @Test
    void attributeExistsAndNotExists() {
        assertThat(condition("attribute_exists(nothing)").test(item)).isTrue();
        assertThat(condition("attribute_exists(absent)").test(item)).isFalse();
        assertThat(condition("attribute_not_exists(absent)").test(item)).isTrue();
        assertThat(condition("attribute_not_exists(id)").test(null)).isTrue();
        assertThat(condition("attribute_exists(id)").test(null)).isFalse();
    }

    @Test
    void attributeTypeMatchesTheTypeCode() {
        assertThat(condition("attribute_type(tags, :t)", ":t", s("SS")).test(item)).isTrue();
        assertThat(condition("attribute_type(nothing, :t)", ":t", s("NULL")).test(item)).isTrue();
        assertThat(condition("attribute_type(flag, :t)", ":t", s("BOOL")).test(item)).isTrue();
        assertThat(condition("attribute_type(#c, :t)", context(names("#c", "count"), values(":t", s("S"))))
                .test(item)).isFalse();
        assertThat(condition("attribute_type(absent, :t)", ":t", s("S")).test(item)).isFalse();
    }

    @Test
    void beginsWithOnStringsAndBinaries() {
        assertThat(condition("begins_with(title, :p)", ":p", s("hello")).test(item)).isTrue();
        assertThat(condition("begins_with(title, :p)", ":p", s("world")).test(item)).isFalse();
        assertThat(condition("begins_with(bin, :p)", ":p", b("abc")).test(item)).isTrue();
        assertThat(condition("begins_with(bin, :p)", ":p", s("abc")).test(item)).isFalse();
    }

    @Test
    void containsOnStringsBinariesSetsAndLists() {
        assertThat(condition("contains(title, :v)", ":v", s("lo wo")).test(item)).isTrue();
        assertThat(condition("contains(bin, :v)", ":v", b("cde")).test(item)).isTrue();
        assertThat(condition("contains(tags, :v)", ":v", s("red")).test(item)).isTrue();
        assertThat(condition("contains(tags, :v)", ":v", s("green")).test(item)).isFalse();
        assertThat(condition("contains(scores, :v)", ":v", n("2.50")).test(item)).isTrue();
        assertThat(condition("contains(lst, :v)", ":v", n("1")).test(item)).isTrue();
        assertThat(condition("contains(lst, :v)", ":v", m("k", s("v"))).test(item)).isTrue();
        assertThat(condition("contains(tags, :v)", ":v", n("1")).test(item)).isFalse();
        assertThat(condition("contains(absent, :v)", ":v", s("a")).test(item)).isFalse();
    }

    @Test
    void sizeOfStringsBinariesSetsListsAndMaps() {
        assertThat(condition("size(title) = :v", ":v", n("11")).test(item)).isTrue();
        assertThat(condition("size(bin) = :v", ":v", n("6")).test(item)).isTrue();
        assertThat(condition("size(tags) = :v", ":v", n("2")).test(item)).isTrue();
        assertThat(condition("size(lst) = :v", ":v", n("3")).test(item)).isTrue();
        assertThat(condition("size(#m) = :v", context(names("#m", "map"), values(":v", n("2")))).test(item)).isTrue();
    }

    @Test
    void sizeOfANumberOrAMissingAttributeMatchesNothing() {
        assertThat(condition("size(#c) > :v", context(names("#c", "count"), values(":v", n("0")))).test(item)).isFalse();
        assertThat(condition("size(#c) <> :v", context(names("#c", "count"), values(":v", n("0")))).test(item))
                .isTrue();
        assertThat(condition("size(absent) >= :v", ":v", n("0")).test(item)).isFalse();
    }

    @Test
    void betweenIsInclusiveAndTypeSensitive() {
        assertThat(condition("#c BETWEEN :a AND :b", context(names("#c", "count"), values(":a", n("10"), ":b", n("20"))))
                .test(item)).isTrue();
        assertThat(condition("#c BETWEEN :a AND :b", context(names("#c", "count"), values(":a", n("1"), ":b", n("10"))))
                .test(item)).isTrue();
        assertThat(condition("#c BETWEEN :a AND :b", context(names("#c", "count"), values(":a", n("11"), ":b", n("20"))))
                .test(item)).isFalse();
        assertThat(condition("title BETWEEN :a AND :b", ":a", s("a"), ":b", s("z")).test(item)).isTrue();
    }

    @Test
    void inMatchesAnyCandidate() {
        assertThat(condition("title IN (:a, :b)", ":a", s("x"), ":b", s("hello world")).test(item)).isTrue();
        assertThat(condition("title IN (:a, :b)", ":a", s("x"), ":b", s("y")).test(item)).isFalse();
        assertThat(condition("absent IN (:a)", ":a", s("x")).test(item)).isFalse();
    }

    @Test
    void andBindsTighterThanOr() {
        Condition c = condition("id = :x OR id = :y AND title = :nope", ":x", s("k1"), ":y", s("other"), ":nope", s("n"));
        assertThat(c.test(item)).isTrue();
        assertThat(c).isInstanceOf(Condition.Or.class);
    }

    @Test
    void parenthesesOverridePrecedence() {
        Condition c = condition("(id = :x OR id = :y) AND title = :nope", ":x", s("k1"), ":y", s("other"), ":nope", s("n"));
        assertThat(c.test(item)).isFalse();
        assertThat(c).isInstanceOf(Condition.And.class);
    }

    @Test
    void notBindsTighterThanAnd() {
        Condition c = condition("NOT id = :other AND id = :x", ":other", s("zz"), ":x", s("k1"));
        assertThat(c).isInstanceOf(Condition.And.class);
        assertThat(c.test(item)).isTrue();
        assertThat(condition("NOT NOT attribute_exists(id)").test(item)).isTrue();
    }

    @Test
    void keywordsAreCaseInsensitive() {
        assertThat(condition("id = :x and not title = :y oR id between :x aNd :x", ":x", s("k1"), ":y", s("z"))
                .test(item)).isTrue();
    }

    @Test
    void operandsMayBeParenthesized() {
        assertThat(condition("(id) = (:x)", ":x", s("k1")).test(item)).isTrue();
        assertThat(condition("(#c) BETWEEN (:a) AND (:b)",
                context(names("#c", "count"), values(":a", n("1"), ":b", n("99")))).test(item)).isTrue();
    }

    @Test
    void valuesMayBeComparedWithValuesAndPathsWithPaths() {
        assertThat(condition(":a = :a", ":a", s("x")).test(null)).isTrue();
        assertThat(condition("id = title").test(item)).isFalse();
    }

    @Test
    void noItemMakesEveryComparisonFalse() {
        assertThat(condition("id = :x", ":x", s("k1")).test(null)).isFalse();
        assertThat(condition("id <> :x", ":x", s("k1")).test(null)).isTrue();
    }

    @Test
    void reportsTheTopLevelAttributesItReads() {
        Condition c = condition("a.b = :v AND (size(c[1]) > :v OR attribute_exists(d))", ":v", n("1"));
        assertThat(c.topLevelAttributes()).containsExactly("a", "c", "d");
        assertThat(c.nestedAttributes()).containsExactly("a", "c");
    }

    @Test
    void whitespaceMayBeTabsAndNewlines() {
        assertThat(condition("id\t=\n:x\r", ":x", s("k1")).test(item)).isTrue();
    }
}
