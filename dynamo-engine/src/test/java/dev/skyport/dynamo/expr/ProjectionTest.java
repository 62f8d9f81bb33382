package dev.skyport.dynamo.expr;

import static dev.skyport.dynamo.expr.Fixtures.context;
import static dev.skyport.dynamo.expr.Fixtures.item;
import static dev.skyport.dynamo.expr.Fixtures.l;
import static dev.skyport.dynamo.expr.Fixtures.m;
import static dev.skyport.dynamo.expr.Fixtures.n;
import static dev.skyport.dynamo.expr.Fixtures.names;
import static dev.skyport.dynamo.expr.Fixtures.projection;
import static dev.skyport.dynamo.expr.Fixtures.s;
import static dev.skyport.dynamo.expr.Fixtures.validationMessage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skyport.dynamo.model.AttributeValue;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProjectionTest {

    private final Map<String, AttributeValue> item = item(
            "id", s("k"),
            "title", s("t"),
            "doc", m("a", n("1"), "b", m("c", n("2"), "d", n("3"))),
            "arr", l(s("x"), m("p", s("q"), "r", s("s")), s("z")));

    @Test
    void keepsTheNamedTopLevelAttributesInTheItemsOrder() {
        assertThat(projection("title, id").apply(item)).isEqualTo(item("id", s("k"), "title", s("t")));
    }

    @Test
    void keepsTheNestedStructureOfMapPaths() {
        assertThat(projection("doc.b.d, doc.a").apply(item))
                .isEqualTo(item("doc", m("a", n("1"), "b", m("d", n("3")))));
    }

    @Test
    void compactsListElementsInIndexOrder() {
        assertThat(projection("arr[2], arr[0]").apply(item)).isEqualTo(item("arr", l(s("x"), s("z"))));
        assertThat(projection("arr[1].r").apply(item)).isEqualTo(item("arr", l(m("r", s("s")))));
    }

    @Test
    void leavesOutPathsTheItemLacks() {
        assertThat(projection("absent, doc.zz, arr[7], title.x, id[0]").apply(item)).isEmpty();
        assertThat(projection("id").apply(null)).isNull();
    }

    @Test
    void resolvesNamesAndAllowsReservedWordsThroughThem() {
        Projection p = Expressions.parseProjection("#s, #d.a", context(names("#s", "status", "#d", "doc"), null));
        assertThat(p.apply(item("status", s("on"), "doc", m("a", n("1"), "b", n("2")))))
                .isEqualTo(item("status", s("on"), "doc", m("a", n("1"))));
        assertThat(p.paths()).extracting(DocumentPath::toString).containsExactly("[status]", "[doc, a]");
        assertThat(p.topLevelAttributes()).containsExactly("status", "doc");
        assertThat(p.nestedAttributes()).containsExactly("doc");
    }

    @Test
    void refusesOverlappingPaths() {
        String overlap = "Invalid ProjectionExpression: Two document paths overlap with each other; "
                + "must remove or rewrite one of these paths; ";
        validationMessage(() -> projection("a, a")).isEqualTo(overlap + "path one: [a], path two: [a]");
        validationMessage(() -> projection("a, a.b")).isEqualTo(overlap + "path one: [a], path two: [a, b]");
        validationMessage(() -> projection("a.b, a")).isEqualTo(overlap + "path one: [a, b], path two: [a]");
        validationMessage(() -> Expressions.parseProjection("#a, #b", context(names("#a", "a", "#b", "a"), null)))
                .isEqualTo(overlap + "path one: [a], path two: [a]");
    }

    @Test
    void refusesConflictingPaths() {
        validationMessage(() -> projection("a.b, a[0]"))
                .isEqualTo("Invalid ProjectionExpression: Two document paths conflict with each other; "
                        + "must remove or rewrite one of these paths; path one: [a, b], path two: [a, [0]]");
    }

    @Test
    void refusesReservedWordsAndUndefinedNames() {
        validationMessage(() -> projection("pk, status")).isEqualTo(
                "Invalid ProjectionExpression: Attribute name is a reserved keyword; reserved keyword: status");
        validationMessage(() -> projection("#x")).isEqualTo("Invalid ProjectionExpression: An expression attribute "
                + "name used in the document path is not defined; attribute name: #x");
    }

    @Test
    void refusesValuesAndEmptyOrOversizedText() {
        validationMessage(() -> projection(":v")).isEqualTo(
                "Invalid ProjectionExpression: Syntax error; token: \":v\", near: \":v\"");
        validationMessage(() -> projection("")).isEqualTo(
                "Invalid ProjectionExpression: The expression can not be empty;");
        validationMessage(() -> projection("a".repeat(4097))).isEqualTo(
                "Invalid ProjectionExpression: Expression size has exceeded the maximum allowed size;");
    }

    @Test
    void legacyAttributesToGetNameTopLevelAttributesLiterally() {
        Projection p = Projection.ofAttributes(List.of("doc.a", "title"));
        assertThat(p.apply(item("doc.a", s("dotted"), "doc", m("a", n("1")), "title", s("t"))))
                .isEqualTo(item("doc.a", s("dotted"), "title", s("t")));
    }

    @Test
    void uncheckedPathsLetTheWiderPathWin() {
        Projection p = Projection.ofPaths(List.of(
                new DocumentPath(List.of(new DocumentPath.Key("doc"), new DocumentPath.Key("a"))),
                DocumentPath.attribute("doc")));
        assertThat(p.apply(item)).isEqualTo(item("doc", item.get("doc")));
    }
}
