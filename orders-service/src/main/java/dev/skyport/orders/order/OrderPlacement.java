package dev.skyport.orders.order;

import com.github.f4b6a3.ulid.UlidCreator;
import dev.skyport.orders.users.UsersClient;
import dev.skyport.orders.users.UsersServiceUnavailableException;
import dev.skyport.starter.data.EntityTable;
import dev.skyport.starter.data.TransactionFailedException;
import dev.skyport.starter.problem.ConflictException;
import dev.skyport.starter.problem.ServiceUnavailableException;
import dev.skyport.starter.problem.UnprocessableException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.ObjectMapper;

/**
 * Places orders exactly once per {@code Idempotency-Key}: the first request with a key claims it, places
 * the order and completes the key in one transaction with the response; a repeat with the same body gets
 * that response again without a second write; a repeat with another body is refused (422). A repeat
 * that arrives while the first is still running waits for it (up to {@code waitForFirst}), then is
 * answered with the first response, or with 409 and Retry-After if the first is still not done.
 */
public class OrderPlacement {

    private static final Logger log = LoggerFactory.getLogger(OrderPlacement.class);
    private static final Duration POLL = Duration.ofMillis(25);
    private static final long FIRST_VERSION = 1;

    private final EntityTable<OrderItem> orders;
    private final IdempotencyStore keys;
    private final OrderEventLog eventLog;
    private final UsersClient users;
    private final ObjectMapper json;
    private final OrderMetrics metrics;
    private final Clock clock;
    private final Duration waitForFirst;

    public OrderPlacement(EntityTable<OrderItem> orders, IdempotencyStore keys, OrderEventLog eventLog,
                          UsersClient users, ObjectMapper json, OrderMetrics metrics, Clock clock,
                          Duration waitForFirst) {
        this.orders = orders;
        this.keys = keys;
        this.eventLog = eventLog;
        this.users = users;
        this.json = json;
        this.metrics = metrics;
        this.clock = clock;
        this.waitForFirst = waitForFirst;
    }

    /** What a placement answers: the order, and whether it is a replay of an earlier response. */
    public record Placed(OrderView order, boolean replayed) {
    }

    public Placed place(String customerId, String idempotencyKey, PlaceOrderRequest request) {
        String requestHash = hash(request);
        long deadline = System.nanoTime() + waitForFirst.toNanos();
        while (true) {
            Optional<IdempotencyStore.Claim> claim = keys.tryClaim(customerId, idempotencyKey, requestHash,
                    newOrderId());
            if (claim.isPresent()) {
                Optional<Placed> placed = placeWith(claim.get(), customerId, request);
                if (placed.isPresent()) {
                    return placed.get();
                }
                continue; // our claim was taken over meanwhile: answer as a repeat
            }
            Optional<IdempotencyRecord> existing = keys.find(customerId, idempotencyKey);
            if (existing.isEmpty()) {
                continue; // released by a failed first attempt (or expired and swept): claim again
            }
            IdempotencyRecord record = existing.get();
            if (keys.expired(record) || keys.abandoned(record)) {
                Optional<IdempotencyStore.Claim> taken = keys.takeOver(record, requestHash, newOrderId());
                if (taken.isPresent()) {
                    Optional<Placed> placed = placeWith(taken.get(), customerId, request);
                    if (placed.isPresent()) {
                        return placed.get();
                    }
                }
                continue;
            }
            if (!record.getRequestHash().equals(requestHash)) {
                throw new UnprocessableException("idempotency-key-reused", "Idempotency-Key reused",
                        "This Idempotency-Key was already used with a different request body.");
            }
            if (record.state() == IdempotencyRecord.State.COMPLETED) {
                metrics.replayed();
                return new Placed(json.readValue(record.getResponse(), OrderView.class), true);
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new ConflictException("idempotency-key-in-progress", "Request in progress",
                        "A request with this Idempotency-Key is still being processed; retry shortly.")
                        .withHeader("Retry-After", "1");
            }
            pause();
        }
    }

    /** Places the order under a claim; empty when the claim was lost to a take-over before completing. */
    private Optional<Placed> placeWith(IdempotencyStore.Claim claim, String customerId, PlaceOrderRequest request) {
        try {
            ShippingAddress address = request.shippingAddress() != null
                    ? request.shippingAddress()
                    : defaultAddress(customerId);
            OrderItem order = newOrder(claim.record().getOrderId(), customerId, request, address);
            OrderView view = OrderView.of(order).withVersion(FIRST_VERSION);
            String response = json.writeValueAsString(view);
            try {
                // The order, the key's completion and the customer's next event: all or nothing.
                eventLog.commit(order, null, tx -> tx
                        .create(orders, order)
                        .update(keys.table(), keys.completed(claim, response, clock.instant()),
                                IdempotencyStore.heldBy(claim)));
            } catch (TransactionFailedException e) {
                // Our claim's condition failed: it was taken over; the other holder answers.
                log.info("order placement lost its idempotency claim: {}", e.getMessage());
                return Optional.empty();
            }
            metrics.created();
            return Optional.of(new Placed(view, false));
        } catch (RuntimeException e) {
            keys.release(claim);
            throw e;
        }
    }

    private ShippingAddress defaultAddress(String customerId) {
        try {
            return users.defaultShippingAddress(customerId).orElseThrow(() -> new UnprocessableException(
                    "shipping-address-required", "Shipping address required",
                    "No shippingAddress was given and the user has no default shipping address."));
        } catch (UsersServiceUnavailableException e) {
            throw new ServiceUnavailableException("users-service-unavailable", "Shipping address unavailable",
                    "No shippingAddress was given and the user's default address cannot be fetched now "
                            + "(users-service is unavailable). Retry later or give a shippingAddress.",
                    e.retryAfter(), e);
        }
    }

    private OrderItem newOrder(String orderId, String customerId, PlaceOrderRequest request, ShippingAddress address) {
        List<OrderItem.LineItem> lines = new ArrayList<>();
        Money total = null;
        for (PlaceOrderRequest.Line line : request.lines()) {
            Money unit = line.unitPrice().toMoney();
            Money lineTotal = unit.times(line.quantity());
            total = total == null ? lineTotal : total.plus(lineTotal);
            OrderItem.LineItem item = new OrderItem.LineItem();
            item.setSku(line.sku());
            item.setQuantity(line.quantity());
            item.setUnitPrice(unit.amountText());
            item.setLineTotal(lineTotal.amountText());
            lines.add(item);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        OrderItem order = new OrderItem();
        order.setCustomerId(customerId);
        order.setOrderId(orderId);
        order.setStatus(OrderStatus.PENDING.name());
        order.setLines(lines);
        order.setCurrency(total.currency().getCurrencyCode());
        order.setTotal(total.amountText());
        order.setShippingAddress(OrderItem.AddressItem.of(address));
        order.setCreatedAt(now);
        order.setUpdatedAt(now);
        return order; // no version yet: the enhanced client writes 1 and requires that no version exists

    }

    private String hash(PlaceOrderRequest request) {
        try {
            byte[] canonical = json.writeValueAsString(request).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String newOrderId() {
        return UlidCreator.getMonotonicUlid().toString();
    }

    private static void pause() {
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the first request", e);
        }
    }
}
