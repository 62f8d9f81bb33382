package dev.skyport.orders.order;

import dev.skyport.starter.data.Condition;
import dev.skyport.starter.data.EntityTable;
import dev.skyport.starter.data.QuerySpec;
import dev.skyport.starter.pagination.Page;
import dev.skyport.starter.pagination.PageRequest;
import dev.skyport.starter.problem.NotFoundException;
import dev.skyport.starter.security.CurrentUser;
import java.util.Optional;

/** The read side: one order (owner or ADMIN), a customer's orders newest first, orders by status (ADMIN). */
public class OrderQueries {

    private final EntityTable<OrderItem> orders;

    public OrderQueries(EntityTable<OrderItem> orders) {
        this.orders = orders;
    }

    /** The order as the caller may see it; another customer's order is "not found", never "forbidden". */
    public OrderItem get(CurrentUser caller, String orderId) {
        Optional<OrderItem> own = plausibleId(orderId)
                ? orders.getConsistent(orders.key(caller.id(), orderId))
                : Optional.empty();
        if (own.isPresent()) {
            return own.get();
        }
        if (caller.isAdmin()) {
            return anyones(orderId);
        }
        throw notFound(orderId);
    }

    /** The caller's own order, for changes only its owner may make. */
    public OrderItem own(CurrentUser caller, String orderId) {
        if (!plausibleId(orderId)) {
            throw notFound(orderId);
        }
        return orders.getConsistent(orders.key(caller.id(), orderId)).orElseThrow(() -> notFound(orderId));
    }

    /** Any customer's order, found through the {@code by-id} index, then read consistently from the table. */
    public OrderItem anyones(String orderId) {
        if (!plausibleId(orderId)) {
            throw notFound(orderId);
        }
        Page<OrderItem> found = orders.query(QuerySpec.partition(orderId).index(OrderItem.BY_ID).limit(1).build());
        if (found.items().isEmpty()) {
            throw notFound(orderId);
        }
        OrderItem indexed = found.items().getFirst();
        return orders.getConsistent(orders.key(indexed.getCustomerId(), orderId)).orElseThrow(() -> notFound(orderId));
    }

    /** The caller's orders, newest first (the sort key is a ULID), optionally of one status. */
    public Page<OrderView> mine(CurrentUser caller, OrderStatus status, PageRequest page) {
        QuerySpec.Builder query = QuerySpec.partition(caller.id()).descending().page(page);
        if (status != null) {
            query.filter(Condition.attribute("status").eq(status.name()));
        }
        return orders.query(query.build()).map(OrderView::of);
    }

    /** Every customer's orders of one status, newest first, from the {@code by-status} index. */
    public Page<OrderView> byStatus(OrderStatus status, PageRequest page) {
        return orders.query(QuerySpec.partition(status.name()).index(OrderItem.BY_STATUS).descending().page(page)
                .build()).map(OrderView::of);
    }

    static NotFoundException notFound(String orderId) {
        return new NotFoundException("order-not-found", "Order not found", "There is no order " + orderId + ".");
    }

    /** ULIDs are 26 characters of Crockford base32; anything else cannot be an order id. */
    private static boolean plausibleId(String orderId) {
        return orderId != null && orderId.matches("[0-9A-HJKMNP-TV-Z]{26}");
    }
}
