package dev.skyport.dynamo.expr;

import static dev.skyport.dynamo.expr.Fixtures.context;
import static dev.skyport.dynamo.expr.Fixtures.item;
import static dev.skyport.dynamo.expr.Fixtures.l;
import static dev.skyport.dynamo.expr.Fixtures.m;
import static dev.skyport.dynamo.expr.Fixtures.n;
import static dev.skyport.dynamo.expr.Fixtures.names;
import static dev.skyport.dynamo.expr.Fixtures.ns;
import static dev.skyport.dynamo.expr.Fixtures.s;
import static dev.skyport.dynamo.expr.Fixtures.ss;
import static dev.skyport.dynamo.expr.Fixtures.update;
import static dev.skyport.dynamo.expr.Fixtures.validationMessage;
import static dev.skyport.dynamo.expr.Fixtures.values;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.dynamo.model.AttributeValue;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UpdateApplyTest {

    @Test
    void setsTopLevelAndNestedAttributes() {
        Map<String, AttributeValue> before = item("id", s("k"), "doc", m("keep", s("k"), "prev", s("o")));
        Map<String, AttributeValue> after = update("SET a = :v, doc.child = :v, doc.prev = :w", ":v", s("x"),
                ":w", n("2")).apply(before);
        assertThat(after).isEqualTo(item("id", s("k"), "doc", m("keep", s("k"), "prev", n("2"), "child", s("x")),
                "a", s("x")));
    }

    @Test
    void neverChangesTheGivenItem() {
        Map<String, AttributeValue> before = new LinkedHashMap<>(item("id", s("k"), "doc", m("x", n("1"))));
        Map<String, AttributeValue> copy = new LinkedHashMap<>(before);
        update("SET doc.x = :v REMOVE id", ":v", n("2")).apply(before);
        assertThat(before).isEqualTo(copy);
    }

    @Test
    void aNullItemIsANewItem() {
        assertThat(update("SET a = :v ADD c :n", ":v", s("x"), ":n", n("3")).apply(null))
                .isEqualTo(item("a", s("x"), "c", n("3")));
    }

    @Test
    void computesEveryValueFromTheItemAsItWas() {
        Map<String, AttributeValue> before = item("a", n("1"), "b", n("2"));
        assertThat(update("SET a = b, b = a").apply(before)).isEqualTo(item("a", n("2"), "b", n("1")));
    }

    @Test
    void addsAndSubtractsNumbers() {
        Map<String, AttributeValue> before = item("a", n("10"), "m", m("c", n("1.5")));
        assertThat(update("SET a = a + :d, m.c = m.c - :d, b = :d + :d", ":d", n("0.5")).apply(before))
                .isEqualTo(item("a", n("10.5"), "m", m("c", n("1")), "b", n("1")));
    }

    @Test
    void arithmeticChecksNumberLimits() {
        validationMessage(() -> update("SET a = a + :d", ":d", n("9.9E125")).apply(item("a", n("9.9E125"))))
                .isEqualTo("Number overflow. Attempting to store a number with magnitude larger than supported range");
    }

    @Test
    void ifNotExistsKeepsAnExistingValue() {
        Update u = update("SET a = if_not_exists(a, :v), b = if_not_exists(b, :v)", ":v", n("0"));
        assertThat(u.apply(item("a", n("5")))).isEqualTo(item("a", n("5"), "b", n("0")));
    }

    @Test
    void listAppendJoinsLists() {
        Map<String, AttributeValue> before = item("l", l(s("a")));
        assertThat(update("SET l = list_append(l, :x), k = list_append(:x, if_not_exists(k, :e))",
                ":x", l(s("b")), ":e", l()).apply(before))
                .isEqualTo(item("l", l(s("a"), s("b")), "k", l(s("b"))));
    }

    @Test
    void setPastTheEndOfAListAppends() {
        Map<String, AttributeValue> before = item("l", l(s("a"), s("b"), s("c")));
        assertThat(update("SET l[5] = :v", ":v", s("x")).apply(before))
                .isEqualTo(item("l", l(s("a"), s("b"), s("c"), s("x"))));
        assertThat(update("SET l[0] = :v", ":v", s("x")).apply(item("l", l()))).isEqualTo(item("l", l(s("x"))));
    }

    @Test
    void listPositionsAreTheOriginalOnesAndAppendsComeInIndexOrder() {
        // The service's own example: b.c = c[1] + b.a, c[1] = a, c[4] = b.a - b.b, c[2] = b.c, ADD c[8], c[6].
        Map<String, AttributeValue> before = item("a", s("key"), "b", m("a", n("1"), "b", n("2"), "c", n("3")),
                "c", l(n("1"), n("3")));
        Update u = update("set b.c=((c[1])+(b.a)),b.a = a,c[1] = a, c[4] = b.a - b.b, c[2] = b.c add c[8] :b, c[6] :a",
                ":a", n("2"), ":b", ss("a"));
        assertThat(u.apply(before)).isEqualTo(item("a", s("key"), "b", m("a", s("key"), "b", n("2"), "c", n("4")),
                "c", l(n("1"), s("key"), n("3"), n("-1"), n("2"), ss("a"))));
    }

    @Test
    void removesListElementsByTheirOriginalPositions() {
        Map<String, AttributeValue> before = item("l", l(s("a"), s("b"), s("c"), s("d")));
        assertThat(update("REMOVE l[1], l[2]").apply(before)).isEqualTo(item("l", l(s("a"), s("d"))));
        assertThat(update("REMOVE l[9]").apply(before)).isEqualTo(before);
    }

    @Test
    void removingWhatIsNotThereIsFine() {
        Map<String, AttributeValue> before = item("id", s("k"), "m", m("x", n("1")));
        assertThat(update("REMOVE absent, m.y").apply(before)).isEqualTo(before);
    }

    @Test
    void addCreatesNumbersAndSetsAndAddsToThem() {
        Map<String, AttributeValue> before = item("n", n("1"), "t", ss("a", "b"));
        assertThat(update("ADD n :one, t :more, u :nums", ":one", n("1"), ":more", ss("b", "c"), ":nums", ns("7"))
                .apply(before)).isEqualTo(item("n", n("2"), "t", ss("a", "b", "c"), "u", ns("7")));
    }

    @Test
    void deleteRemovesSetElementsAndTheAttributeWhenEmpty() {
        Map<String, AttributeValue> before = item("t", ss("a", "b"), "u", ns("1", "2"));
        assertThat(update("DELETE t :a, u :both, absent :a", ":a", ss("a"), ":both", ns("1", "2")).apply(before))
                .isEqualTo(item("t", ss("b")));
    }

    @Test
    void wrongTypesFailAtRunTime() {
        Map<String, AttributeValue> before = item("str", s("x"), "nums", ns("1"), "num", n("1"));
        String wrong = "An operand in the update expression has an incorrect data type";
        validationMessage(() -> update("ADD str :n", ":n", n("1")).apply(before)).isEqualTo(wrong);
        validationMessage(() -> update("ADD nums :s", ":s", ss("a")).apply(before)).isEqualTo(wrong);
        validationMessage(() -> update("DELETE num :s", ":s", ns("1")).apply(before)).isEqualTo(wrong);
        validationMessage(() -> update("SET x = str + :n", ":n", n("1")).apply(before)).isEqualTo(wrong);
        validationMessage(() -> update("SET x = list_append(nums, :l)", ":l", l()).apply(before)).isEqualTo(wrong);
    }

    @Test
    void readingAMissingAttributeFails() {
        String missing = "The provided expression refers to an attribute that does not exist in the item";
        validationMessage(() -> update("SET c = b").apply(item("a", s("x")))).isEqualTo(missing);
        validationMessage(() -> update("SET c = b + :n", ":n", n("1")).apply(item("a", s("x")))).isEqualTo(missing);
        validationMessage(() -> update("SET c = list_append(b, :l)", ":l", l()).apply(null)).isEqualTo(missing);
        // The fallback is read even when the path exists.
        validationMessage(() -> update("SET a = if_not_exists(a, b)").apply(item("a", s("x")))).isEqualTo(missing);
    }

    @Test
    void nestedPathsNeedAnExistingContainerOfTheRightKind() {
        String invalid = "The document path provided in the update expression is invalid for update";
        Map<String, AttributeValue> before = item("str", s("x"), "m", m("1", s("a")), "l", l(s("a"), s("b")));
        ExpressionContext one = context(names("#1", "1"), values(":a", ss("a")));
        validationMessage(() -> Expressions.parseUpdate("SET absent.a = :a", one).apply(before)).isEqualTo(invalid);
        validationMessage(() -> update("SET str.a = :a", ":a", s("v")).apply(before)).isEqualTo(invalid);
        validationMessage(() -> update("SET m[1] = :a", ":a", s("v")).apply(before)).isEqualTo(invalid);
        validationMessage(() -> Expressions.parseUpdate("SET l.#1 = :a", context(names("#1", "1"),
                values(":a", s("v")))).apply(before)).isEqualTo(invalid);
        validationMessage(() -> update("REMOVE absent.a").apply(before)).isEqualTo(invalid);
        validationMessage(() -> update("REMOVE str[1]").apply(before)).isEqualTo(invalid);
        validationMessage(() -> update("ADD absent[1] :a", ":a", n("1")).apply(before)).isEqualTo(invalid);
        validationMessage(() -> update("SET b.a = :a", ":a", s("v")).apply(null)).isEqualTo(invalid);
    }

    @Test
    void refusesResultsNestedDeeperThanTheServiceStores() {
        AttributeValue deep = n("1");
        for (int i = 0; i < 31; i++) {
            deep = m("x", deep);
        }
        Map<String, AttributeValue> ok = update("SET a = :v", ":v", deep).apply(null);
        assertThat(ok).containsKey("a");
        AttributeValue deeper = m("x", deep);
        validationMessage(() -> update("SET a = :v", ":v", deeper).apply(null))
                .isEqualTo("Nesting Levels have exceeded supported limits");
    }

    @Test
    void exposesWhatItWrites() {
        Update u = update("SET a.b = :v, c = d[0] REMOVE e ADD f :n", ":v", s("x"), ":n", n("1"));
        assertThat(u.topLevelAttributes()).containsExactly("a", "c", "e", "f");
        assertThat(u.paths()).extracting(DocumentPath::toString).containsExactly("[a, b]", "[c]", "[e]", "[f]");
        assertThat(u.nestedAttributes()).containsExactly("a", "d");
        assertThat(u.actions().get(0)).isInstanceOfSatisfying(UpdateAction.SetAction.class,
                set -> assertThat(set.staticType()).isEqualTo("S"));
    }

    @Test
    void updatedAttributesProjectTheWrittenPaths() {
        Update u = update("SET m.a = :v REMOVE gone", ":v", n("2"));
        Map<String, AttributeValue> before = item("id", s("k"), "m", m("a", n("1"), "b", n("9")), "gone", s("g"));
        assertThat(u.updatedAttributes(before)).isEqualTo(item("m", m("a", n("1")), "gone", s("g")));
        assertThat(u.updatedAttributes(u.apply(before))).isEqualTo(item("m", m("a", n("2"))));
    }
}
