package dev.skyport.orders.order;

import dev.skyport.starter.data.Condition;
import dev.skyport.starter.data.EntityTable;
import dev.skyport.starter.data.TransactionFailedException;
import dev.skyport.starter.problem.ApiException;
import dev.skyport.starter.problem.ConflictException;
import dev.skyport.starter.problem.PreconditionFailedException;
import java.time.Clock;
import java.time.temporal.ChronoUnit;

/**
 * Moves orders between statuses with conditional writes: the write requires both the status and the
 * version that were read, so two concurrent moves can never both succeed and none is lost. An illegal
 * move, or one that lost a race, is a 409 carrying the order's current state; a stale {@code If-Match}
 * is a 412 with the same. Each move is written together with the customer's next event ({@link OrderEventLog}).
 */
public class OrderTransitions {

    private final EntityTable<OrderItem> orders;
    private final OrderEventLog eventLog;
    private final OrderMetrics metrics;
    private final Clock clock;

    public OrderTransitions(EntityTable<OrderItem> orders, OrderEventLog eventLog, OrderMetrics metrics, Clock clock) {
        this.orders = orders;
        this.eventLog = eventLog;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Moves {@code current} to {@code target}.
     *
     * @param expectedVersion the version from {@code If-Match}, or null to act on whatever was read
     */
    public OrderView move(OrderItem current, OrderStatus target, Long expectedVersion) {
        if (expectedVersion != null && !expectedVersion.equals(current.getVersion())) {
            throw stale(current);
        }
        return switch (current.orderStatus().transitionTo(target)) {
            case Transition.Illegal illegal -> throw withState(new ConflictException("illegal-transition",
                    "Illegal status transition", "Cannot move the order to " + target + ": " + illegal.reason() + "."),
                    current);
            case Transition.Allowed allowed -> apply(current, allowed, expectedVersion);
        };
    }

    private OrderView apply(OrderItem current, Transition.Allowed transition, Long expectedVersion) {
        current.setStatus(transition.to().name());
        current.setUpdatedAt(clock.instant().truncatedTo(ChronoUnit.MILLIS));
        try {
            // The version attribute adds "version = <read>" to this condition.
            OrderItem updated = eventLog.commit(current, transition.from(),
                    tx -> tx.update(orders, current, Condition.attribute("status").eq(transition.from().name())));
            metrics.transition(transition.from(), transition.to());
            return OrderView.of(updated);
        } catch (TransactionFailedException e) {
            OrderItem now = orders.getConsistent(orders.keyOf(current)).orElseThrow(() -> e);
            if (expectedVersion != null) {
                throw stale(now);
            }
            throw withState(new ConflictException("concurrent-transition", "Order changed meanwhile",
                    "The order was changed by someone else while moving it to " + transition.to()
                            + "; it is now " + now.getStatus() + "."), now);
        }
    }

    private static ApiException stale(OrderItem current) {
        return withState(new PreconditionFailedException("stale-order", "Precondition Failed",
                "If-Match does not match the order's current version " + OrderView.etagOf(current.getVersion()) + "."),
                current);
    }

    /** The problem carries the order's current status and version, and its ETag. */
    private static ApiException withState(ApiException problem, OrderItem current) {
        return problem.with("currentStatus", current.getStatus())
                .with("currentVersion", current.getVersion())
                .withHeader("ETag", OrderView.etagOf(current.getVersion()));
    }
}
