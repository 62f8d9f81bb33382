package dev.skyport.orders.order;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OrderStatusTest {

    @Test
    void allowsOnlyTheDocumentedMoves() {
        assertThat(OrderStatus.PENDING.transitionTo(OrderStatus.PAID)).isInstanceOf(Transition.Allowed.class);
        assertThat(OrderStatus.PAID.transitionTo(OrderStatus.SHIPPED)).isInstanceOf(Transition.Allowed.class);
        assertThat(OrderStatus.SHIPPED.transitionTo(OrderStatus.DELIVERED)).isInstanceOf(Transition.Allowed.class);
        assertThat(OrderStatus.PENDING.transitionTo(OrderStatus.CANCELLED)).isInstanceOf(Transition.Allowed.class);
        assertThat(OrderStatus.PAID.transitionTo(OrderStatus.CANCELLED)).isInstanceOf(Transition.Allowed.class);
        int allowed = 0;
        for (OrderStatus from : OrderStatus.values()) {
            for (OrderStatus to : OrderStatus.values()) {
                if (from.transitionTo(to) instanceof Transition.Allowed) {
                    allowed++;
                }
            }
        }
        assertThat(allowed).isEqualTo(5);
    }

    @Test
    void explainsAnIllegalMove() {
        Transition refused = OrderStatus.DELIVERED.transitionTo(OrderStatus.CANCELLED);
        assertThat(refused).isInstanceOfSatisfying(Transition.Illegal.class,
                illegal -> assertThat(illegal.reason()).contains("final"));
        assertThat(((Transition.Illegal) OrderStatus.PAID.transitionTo(OrderStatus.PAID)).reason()).contains("already");
        assertThat(OrderStatus.SHIPPED.cancellable()).isFalse();
        assertThat(OrderStatus.PAID.cancellable()).isTrue();
    }

    @Test
    void parsesStatusNamesCaseInsensitively() {
        assertThat(OrderStatus.parse("paid")).isEqualTo(OrderStatus.PAID);
        assertThat(OrderStatus.parse(" Shipped ")).isEqualTo(OrderStatus.SHIPPED);
        assertThat(OrderStatus.parse("lost")).isNull();
        assertThat(OrderStatus.parse(null)).isNull();
    }
}
