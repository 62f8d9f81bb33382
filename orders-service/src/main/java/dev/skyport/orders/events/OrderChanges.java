package dev.skyport.orders.events;

import dev.skyport.orders.order.OrderItem;
import dev.skyport.orders.order.OrderView;
import java.util.Optional;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;

/** Reads an {@code orders} stream record as an order event, with the table's own typed schema. */
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
        OrderView order = OrderView.of(schema.mapToItem(change.newImage()));
        String sequence = change.sequenceNumber();
        if (record.eventName() == OperationType.INSERT || !change.hasOldImage()) {
            return Optional.of(new OrderEvent.Created(sequence, order));
        }
        OrderItem before = schema.mapToItem(change.oldImage());
        return Optional.of(new OrderEvent.Updated(sequence, order, before.orderStatus()));
    }
}
