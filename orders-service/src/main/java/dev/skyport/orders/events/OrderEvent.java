package dev.skyport.orders.events;

import dev.skyport.orders.order.OrderStatus;
import dev.skyport.orders.order.OrderView;

/**
 * A change to an order read from the {@code orders} table's stream. {@code sequence} is the stream
 * record's sequence number (a decimal string that grows per order), which clients de-duplicate on.
 */
public sealed interface OrderEvent {

    String sequence();

    OrderView order();

    /** The order was placed (a stream INSERT). */
    record Created(String sequence, OrderView order) implements OrderEvent {
    }

    /** The order changed (a stream MODIFY); {@code oldStatus} equals the new one when only other fields moved. */
    record Updated(String sequence, OrderView order, OrderStatus oldStatus) implements OrderEvent {
    }

    /** The JSON frame sent on {@code /ws/orders} (see CONTRACTS.md). */
    record Frame(String type, String sequence, OrderView order, Change change) {
    }

    record Change(OrderStatus oldStatus, OrderStatus newStatus) {
    }

    default Frame frame() {
        return switch (this) {
            case Created c -> new Frame("order.created", c.sequence(), c.order(),
                    new Change(null, c.order().status()));
            case Updated u -> new Frame("order.updated", u.sequence(), u.order(),
                    new Change(u.oldStatus(), u.order().status()));
        };
    }
}
