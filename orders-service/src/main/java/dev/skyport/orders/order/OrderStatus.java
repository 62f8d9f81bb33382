package dev.skyport.orders.order;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where an order is in its life. The allowed moves are PENDING → PAID → SHIPPED → DELIVERED and
 * CANCELLED from PENDING or PAID; DELIVERED and CANCELLED are final.
 */
public enum OrderStatus {
    PENDING, PAID, SHIPPED, DELIVERED, CANCELLED;

    /** The statuses an order may move to from this one. */
    public Set<OrderStatus> next() {
        return switch (this) {
            case PENDING -> EnumSet.of(PAID, CANCELLED);
            case PAID -> EnumSet.of(SHIPPED, CANCELLED);
            case SHIPPED -> EnumSet.of(DELIVERED);
            case DELIVERED, CANCELLED -> EnumSet.noneOf(OrderStatus.class);
        };
    }

    /** Whether an owner may still cancel (before the parcel leaves). */
    public boolean cancellable() {
        return next().contains(CANCELLED);
    }

    /** Judges a move from this status to {@code target}. */
    public Transition transitionTo(OrderStatus target) {
        return next().contains(target)
                ? new Transition.Allowed(this, target)
                : new Transition.Illegal(this, target);
    }

    /** Parses a status name as clients write it (case-insensitive), or null when it is none. */
    public static OrderStatus parse(String text) {
        if (text == null) {
            return null;
        }
        for (OrderStatus status : values()) {
            if (status.name().equalsIgnoreCase(text.strip())) {
                return status;
            }
        }
        return null;
    }
}
