package dev.skyport.orders.order;

import dev.skyport.starter.dynamo.CreatedAt;
import dev.skyport.starter.dynamo.SkyportTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbConvertedBy;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSecondaryPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSecondarySortKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSortKey;
import software.amazon.awssdk.enhanced.dynamodb.extensions.annotations.DynamoDbVersionAttribute;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * One order as stored in the {@code orders} table: partition key the customer, sort key a ULID (so a
 * customer's orders come back newest first), GSI {@value #BY_STATUS} for operators (status, then
 * creation time) and GSI {@value #BY_ID} to find an order from its id alone (admins know no customer).
 * Money is kept as decimal strings so "9.90" stays "9.90".
 */
@DynamoDbBean
@SkyportTable(name = OrderItem.TABLE, stream = StreamViewType.NEW_AND_OLD_IMAGES)
public class OrderItem {

    public static final String TABLE = "orders";
    public static final String BY_STATUS = "by-status";
    public static final String BY_ID = "by-id";

    private String customerId;
    private String orderId;
    private String status;
    private Instant createdAt;
    private Instant updatedAt;
    private Long version;
    private String currency;
    private String total;
    private List<LineItem> lines = new ArrayList<>();
    private AddressItem shippingAddress;
    private Long eventNumber;

    @DynamoDbPartitionKey
    public String getCustomerId() {
        return customerId;
    }

    public void setCustomerId(String customerId) {
        this.customerId = customerId;
    }

    @DynamoDbSortKey
    @DynamoDbSecondaryPartitionKey(indexNames = BY_ID)
    public String getOrderId() {
        return orderId;
    }

    public void setOrderId(String orderId) {
        this.orderId = orderId;
    }

    @DynamoDbSecondaryPartitionKey(indexNames = BY_STATUS)
    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = status;
    }

    @DynamoDbSecondarySortKey(indexNames = BY_STATUS)
    @DynamoDbConvertedBy(SortableInstantConverter.class)
    @CreatedAt
    public Instant getCreatedAt() {
        return createdAt;
    }

    public void setCreatedAt(Instant createdAt) {
        this.createdAt = createdAt;
    }

    /**
     * Set by the code that changes the order (not stamped by the starter at write time), so the event
     * written in the same transaction holds the very same value.
     */
    @DynamoDbConvertedBy(SortableInstantConverter.class)
    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public void setUpdatedAt(Instant updatedAt) {
        this.updatedAt = updatedAt;
    }

    @DynamoDbVersionAttribute
    public Long getVersion() {
        return version;
    }

    public void setVersion(Long version) {
        this.version = version;
    }

    public String getCurrency() {
        return currency;
    }

    public void setCurrency(String currency) {
        this.currency = currency;
    }

    public String getTotal() {
        return total;
    }

    public void setTotal(String total) {
        this.total = total;
    }

    public List<LineItem> getLines() {
        return lines;
    }

    public void setLines(List<LineItem> lines) {
        this.lines = lines;
    }

    public AddressItem getShippingAddress() {
        return shippingAddress;
    }

    public void setShippingAddress(AddressItem shippingAddress) {
        this.shippingAddress = shippingAddress;
    }

    /** The number, in the customer's {@code order-events} log, of the event that wrote this state. */
    public Long getEventNumber() {
        return eventNumber;
    }

    public void setEventNumber(Long eventNumber) {
        this.eventNumber = eventNumber;
    }

    public OrderStatus orderStatus() {
        return OrderStatus.valueOf(status);
    }

    /** One line of an order: amounts as decimal strings in the order's currency. */
    @DynamoDbBean
    public static class LineItem {
        private String sku;
        private Integer quantity;
        private String unitPrice;
        private String lineTotal;

        public String getSku() {
            return sku;
        }

        public void setSku(String sku) {
            this.sku = sku;
        }

        public Integer getQuantity() {
            return quantity;
        }

        public void setQuantity(Integer quantity) {
            this.quantity = quantity;
        }

        public String getUnitPrice() {
            return unitPrice;
        }

        public void setUnitPrice(String unitPrice) {
            this.unitPrice = unitPrice;
        }

        public String getLineTotal() {
            return lineTotal;
        }

        public void setLineTotal(String lineTotal) {
            this.lineTotal = lineTotal;
        }
    }

    /** The shipping address copied into the order (a later change of the user's default doesn't move it). */
    @DynamoDbBean
    public static class AddressItem {
        private String name;
        private String line1;
        private String line2;
        private String city;
        private String postalCode;
        private String country;

        public static AddressItem of(ShippingAddress address) {
            AddressItem item = new AddressItem();
            item.name = address.name();
            item.line1 = address.line1();
            item.line2 = address.line2();
            item.city = address.city();
            item.postalCode = address.postalCode();
            item.country = address.country();
            return item;
        }

        public ShippingAddress toAddress() {
            return new ShippingAddress(name, line1, line2, city, postalCode, country);
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getLine1() {
            return line1;
        }

        public void setLine1(String line1) {
            this.line1 = line1;
        }

        public String getLine2() {
            return line2;
        }

        public void setLine2(String line2) {
            this.line2 = line2;
        }

        public String getCity() {
            return city;
        }

        public void setCity(String city) {
            this.city = city;
        }

        public String getPostalCode() {
            return postalCode;
        }

        public void setPostalCode(String postalCode) {
            this.postalCode = postalCode;
        }

        public String getCountry() {
            return country;
        }

        public void setCountry(String country) {
            this.country = country;
        }
    }
}
