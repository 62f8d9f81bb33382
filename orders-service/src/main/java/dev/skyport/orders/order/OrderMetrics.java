package dev.skyport.orders.order;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The orders business counters: orders created, status transitions, idempotent replays. */
public class OrderMetrics {

    private final MeterRegistry meters;
    private final Counter created;
    private final Counter replayed;

    public OrderMetrics(MeterRegistry meters) {
        this.meters = meters;
        this.created = Counter.builder("orders.created").description("Orders placed").register(meters);
        this.replayed = Counter.builder("orders.idempotent.replays")
                .description("Order placements answered from an earlier request with the same Idempotency-Key")
                .register(meters);
    }

    void created() {
        created.increment();
    }

    void replayed() {
        replayed.increment();
    }

    void transition(OrderStatus from, OrderStatus to) {
        meters.counter("orders.transitions", "from", from.name(), "to", to.name()).increment();
    }
}
