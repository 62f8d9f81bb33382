package dev.skyport.starter.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ConditionTest {

    enum Status { NEW, PAID }

    @Test
    void rendersComparisonsWithGeneratedNamesAndValues() {
        Expression e = Condition.attribute("status").eq(Status.PAID).toExpression();
        assertThat(e.expression()).isEqualTo("#c0 = :c0");
        assertThat(e.expressionNames()).isEqualTo(Map.of("#c0", "status"));
        assertThat(e.expressionValues()).isEqualTo(Map.of(":c0", AttributeValue.fromS("PAID")));
    }

    @Test
    void combinesWithoutRedundantParentheses() {
        Condition c = Condition.attribute("status").in("NEW", "PAID")
                .and(Condition.attribute("total").gt(10).or(Condition.attribute("note").notExists()));
        Expression e = c.toExpression();
        assertThat(e.expression()).isEqualTo("#c0 IN (:c0, :c1) AND (#c1 > :c2 OR attribute_not_exists(#c2))");
        assertThat(e.expressionValues().get(":c2")).isEqualTo(AttributeValue.fromN("10"));
    }

    @Test
    void negatesAndReusesNamePlaceholdersForTheSameAttribute() {
        Expression e = Condition.not(Condition.attribute("a").ge(1).and(Condition.attribute("a").le(5)))
                .toExpression("x");
        assertThat(e.expression()).isEqualTo("NOT (#x0 >= :x0 AND #x0 <= :x1)");
        assertThat(e.expressionNames()).hasSize(1);
    }

    @Test
    void nestedPathsBetweenBeginsWithAndContains() {
        Expression e = Condition.allOf(java.util.List.of(Condition.attribute("address.city").beginsWith("Ber"),
                Condition.attribute("total").between(1, 9), Condition.attribute("tags").contains("x"))).toExpression();
        assertThat(e.expression()).isEqualTo("begins_with(#c0.#c1, :c0) AND #c2 BETWEEN :c1 AND :c2 AND contains(#c3, :c3)");
        assertThat(e.expressionNames()).containsEntry("#c0", "address").containsEntry("#c1", "city");
    }

    @Test
    void convertsValuesLikeTheEnhancedClient() {
        Instant at = Instant.parse("2026-01-02T03:04:05Z");
        assertThat(AttributeValues.of(at)).isEqualTo(AttributeValue.fromS("2026-01-02T03:04:05Z"));
        assertThat(AttributeValues.of(new java.math.BigDecimal("1.50"))).isEqualTo(AttributeValue.fromN("1.50"));
        assertThat(AttributeValues.of(true)).isEqualTo(AttributeValue.fromBool(true));
        assertThat(AttributeValues.of(null)).isEqualTo(AttributeValue.fromNul(true));
    }

    @Test
    void refusesEmptyInListsAndBlankPaths() {
        assertThatThrownBy(() -> Condition.attribute("a").in()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Condition.attribute(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
