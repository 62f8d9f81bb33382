package dev.skyport.orders.order;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/**
 * An order as clients see it, in {@code GET /api/orders/{id}} and in WebSocket events alike. Money as
 * decimal strings with the currency; {@code version} is also the ETag.
 */
public record OrderView(
        String id,
        String customerId,
        OrderStatus status,
        List<Line> lines,
        MoneyPayload total,
        ShippingAddress shippingAddress,
        Instant createdAt,
        Instant updatedAt,
        long version) {

    /** Named apart from the request's line in the OpenAPI document (springdoc would merge the two {@code Line}s). */
    @Schema(name = "OrderLine")
    public record Line(String sku, int quantity, MoneyPayload unitPrice, MoneyPayload lineTotal) {
    }

    public static OrderView of(OrderItem item) {
        String currency = item.getCurrency();
        List<Line> lines = item.getLines().stream()
                .map(l -> new Line(l.getSku(), l.getQuantity(), new MoneyPayload(l.getUnitPrice(), currency),
                        new MoneyPayload(l.getLineTotal(), currency)))
                .toList();
        return new OrderView(item.getOrderId(), item.getCustomerId(), item.orderStatus(), lines,
                new MoneyPayload(item.getTotal(), currency),
                item.getShippingAddress() == null ? null : item.getShippingAddress().toAddress(),
                item.getCreatedAt(), item.getUpdatedAt(), item.getVersion() == null ? 0 : item.getVersion());
    }

    public OrderView withVersion(long newVersion) {
        return new OrderView(id, customerId, status, lines, total, shippingAddress, createdAt, updatedAt, newVersion);
    }

    /** The strong ETag of an order's state: its version. */
    public String etag() {
        return etagOf(version);
    }

    public static String etagOf(long version) {
        return "\"" + version + "\"";
    }
}
