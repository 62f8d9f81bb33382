package dev.skyport.orders.order;

/** The verdict on moving an order from one status to another. */
public sealed interface Transition {

    OrderStatus from();

    OrderStatus to();

    record Allowed(OrderStatus from, OrderStatus to) implements Transition {
    }

    record Illegal(OrderStatus from, OrderStatus to) implements Transition {

        public String reason() {
            if (from == to) {
                return "the order is already " + from;
            }
            return from.next().isEmpty()
                    ? "the order is " + from + ", a final status"
                    : "an order that is " + from + " can only become " + from.next();
        }
    }
}
