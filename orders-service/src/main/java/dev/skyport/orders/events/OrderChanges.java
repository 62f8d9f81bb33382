package dev.skyport.orders.events;

import dev.skyport.orders.order.OrderEventItem;
import dev.skyport.orders.order.OrderItem;
import dev.skyport.orders.order.OrderStatus;
import dev.skyport.orders.order.OrderView;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * Reads an {@code orders} stream record, or an item of the {@code order-events} log, as an order event, with
 * the table's own typed schema. Both hold the order as written, so both give the same frame.
 */
public final class OrderChanges {

    private final TableSchema<OrderItem> schema;

    public OrderChanges(TableSchema<OrderItem> schema) {
        this.schema = schema;
    }

    /** The event for an INSERT or MODIFY; empty for REMOVE (orders are never deleted by the service). */
    public Optional<OrderEvent> toEvent(Record record) {
        var change = record.dynamodb();
        if (!change.hasNewImage() || record.eventName() == OperationType.REMOVE) {
            return Optional.empty();
        }
        OrderItem after = schema.mapToItem(change.newImage());
        OrderView order = OrderView.of(after);
        String sequence = change.sequenceNumber();
        if (record.eventName() == OperationType.INSERT || !change.hasOldImage()) {
            return Optional.of(new OrderEvent.Created(after.getEventNumber(), sequence, order));
        }
        OrderItem before = schema.mapToItem(change.oldImage());
        return Optional.of(new OrderEvent.Updated(after.getEventNumber(), sequence, order, before.orderStatus()));
    }

    /** The event a log item records. */
    public OrderEvent toEvent(OrderEventItem logged) {
        OrderView order = OrderView.of(logged.getOrder());
        if (OrderEventItem.CREATED.equals(logged.getType())) {
            return new OrderEvent.Created(logged.getEventNumber(), null, order);
        }
        return new OrderEvent.Updated(logged.getEventNumber(), null, order, OrderStatus.valueOf(logged.getOldStatus()));
    }
}
