package dev.skyport.orders.events;

import dev.skyport.orders.order.OrderStatus;
import dev.skyport.orders.order.OrderView;

/**
 * A change to an order, from the {@code orders} table's stream (live) or the customer's {@code order-events}
 * log (replayed): the same frame either way. {@code eventNumber} is the change's number in its customer's
 * log (null only for a write made without one, by a replica older than the log).
 */
public sealed interface OrderEvent {

    Long eventNumber();

    /** The stream record's sequence number when live; what the frame says when there is no event number. */
    String streamSequence();

    OrderView order();

    /** The order was placed. */
    record Created(Long eventNumber, String streamSequence, OrderView order) implements OrderEvent {
    }

    /** The order changed; {@code oldStatus} equals the new one when only other fields moved. */
    record Updated(Long eventNumber, String streamSequence, OrderView order, OrderStatus oldStatus)
            implements OrderEvent {
    }

    /**
     * The JSON frame sent on {@code /ws/orders}. {@code id} is the resume cursor ({@code ?after=<id>}); it and
     * {@code sequence} are the customer's event number in decimal, which grows by one per change of the
     * customer's orders.
     */
    record Frame(String type, String id, String sequence, OrderView order, Change change) {
    }

    record Change(OrderStatus oldStatus, OrderStatus newStatus) {
    }

    /**
     * Sent once, before live events, to a socket whose {@code after} cursor cannot be served: the client
     * refetches the state it needs over REST, then goes on with the events that follow.
     */
    record Resync(String type, String reason, String detail) {

        static final String CURSOR_EXPIRED = "cursor_expired";
        static final String CURSOR_UNKNOWN = "cursor_unknown";

        static Resync expired() {
            return new Resync("resync", CURSOR_EXPIRED, "Events after this cursor are past their retention; "
                    + "refetch the orders over REST, then continue with the events that follow.");
        }

        static Resync unknown() {
            return new Resync("resync", CURSOR_UNKNOWN, "This cursor was never issued to this subscription; "
                    + "refetch the orders over REST, then continue with the events that follow.");
        }
    }

    default Frame frame() {
        String id = eventNumber() == null ? null : Long.toString(eventNumber());
        String sequence = id != null ? id : streamSequence();
        return switch (this) {
            case Created c -> new Frame("order.created", id, sequence, c.order(), new Change(null, c.order().status()));
            case Updated u -> new Frame("order.updated", id, sequence, u.order(),
                    new Change(u.oldStatus(), u.order().status()));
        };
    }
}
