package dev.skyport.orders.order;

import dev.skyport.starter.dynamo.SkyportTable;
import dev.skyport.starter.dynamo.TimeToLive;
import java.time.Instant;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbConvertedBy;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSortKey;

/**
 * One item of the {@code order-events} table: a customer's numbered log of order changes, partition key
 * {@code customerId}, sort key {@code eventNumber} (1, 2, 3... with no hole). Item {@value #HEAD} is the
 * customer's head: it holds only {@code lastEventNumber} and never expires. Every other item is one
 * event, with the order as it was written by that change, gone by TTL ({@code expiresAt}) after the
 * retention.
 */
@DynamoDbBean
@SkyportTable(name = OrderEventItem.TABLE)
public class OrderEventItem {

    public static final String TABLE = "order-events";
    public static final long HEAD = 0;
    public static final String CREATED = "order.created";
    public static final String UPDATED = "order.updated";

    private String customerId;
    private Long eventNumber;
    private Long lastEventNumber;
    private String type;
    private OrderItem order;
    private String oldStatus;
    private String newStatus;
    private Instant createdAt;
    private Long expiresAt;

    static OrderEventItem head(String customerId, long lastEventNumber) {
        OrderEventItem head = new OrderEventItem();
        head.customerId = customerId;
        head.eventNumber = HEAD;
        head.lastEventNumber = lastEventNumber;
        return head;
    }

    @DynamoDbPartitionKey
    public String getCustomerId() {
        return customerId;
    }

    public void setCustomerId(String customerId) {
        this.customerId = customerId;
    }

    @DynamoDbSortKey
    public Long getEventNumber() {
        return eventNumber;
    }

    public void setEventNumber(Long eventNumber) {
        this.eventNumber = eventNumber;
    }

    /** On the head only: the number of the customer's latest event. */
    public Long getLastEventNumber() {
        return lastEventNumber;
    }

    public void setLastEventNumber(Long lastEventNumber) {
        this.lastEventNumber = lastEventNumber;
    }

    /** {@value #CREATED} or {@value #UPDATED}. */
    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    /** The order exactly as this change wrote it (its version and eventNumber included). */
    public OrderItem getOrder() {
        return order;
    }

    public void setOrder(OrderItem order) {
        this.order = order;
    }

    public String getOldStatus() {
        return oldStatus;
    }

    public void setOldStatus(String oldStatus) {
        this.oldStatus = oldStatus;
    }

    public String getNewStatus() {
        return newStatus;
    }

    public void setNewStatus(String newStatus) {
        this.newStatus = newStatus;
    }

    @DynamoDbConvertedBy(SortableInstantConverter.class)
    public Instant getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(Instant createdAt) {
        this.createdAt = createdAt;
    }

    @TimeToLive
    public Long getExpiresAt() {
        return expiresAt;
    }

    public void setExpiresAt(Long expiresAt) {
        this.expiresAt = expiresAt;
    }
}
