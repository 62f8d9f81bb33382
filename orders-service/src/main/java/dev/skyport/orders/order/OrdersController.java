package dev.skyport.orders.order;

import dev.skyport.starter.pagination.Page;
import dev.skyport.starter.pagination.PageRequest;
import dev.skyport.starter.problem.BadRequestException;
import dev.skyport.starter.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.net.URI;
import java.util.Arrays;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

/** {@code /api/orders}: place, read, list, cancel, and (ADMIN) list by status and move between statuses. */
@RestController
@RequestMapping("/api/orders")
@Tag(name = "orders")
public class OrdersController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";

    private final OrderPlacement placement;
    private final OrderQueries queries;
    private final OrderTransitions transitions;

    public OrdersController(OrderPlacement placement, OrderQueries queries, OrderTransitions transitions) {
        this.placement = placement;
        this.queries = queries;
        this.transitions = transitions;
    }

    /** The body of {@code POST /api/orders/{id}/status}. */
    public record StatusChange(@NotBlank String status) {
    }

    @PostMapping
    @Operation(summary = "Place an order", description = "Requires an Idempotency-Key header (1 to 255 visible "
            + "ASCII characters, kept 24 h): a repeat with the same key and body returns the first response "
            + "(header Idempotent-Replayed: true) without placing another order; the same key with another body "
            + "is 422. Without shippingAddress the user's default address is fetched from users-service.")
    public ResponseEntity<OrderView> place(
            @Parameter(description = "Unique per intended order, chosen by the client")
            @RequestHeader(name = IDEMPOTENCY_KEY, required = false) String idempotencyKey,
            @Valid @RequestBody PlaceOrderRequest request, @Parameter(hidden = true) CurrentUser caller) {
        OrderPlacement.Placed placed = placement.place(caller.id(), checkedKey(idempotencyKey), request);
        OrderView order = placed.order();
        ResponseEntity.BodyBuilder response = ResponseEntity.created(URI.create("/api/orders/" + order.id()))
                .eTag(order.etag());
        if (placed.replayed()) {
            response.header(REPLAYED, "true");
        }
        return response.body(order);
    }

    @GetMapping("/{id}")
    @Operation(summary = "One order (its owner, or ADMIN); another customer's order is 404")
    public ResponseEntity<OrderView> get(@PathVariable String id, @Parameter(hidden = true) CurrentUser caller,
                                         WebRequest request) {
        OrderView order = OrderView.of(queries.get(caller, id));
        if (request.checkNotModified(order.etag())) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(order.etag()).build();
        }
        return ResponseEntity.ok().eTag(order.etag()).body(order);
    }

    @GetMapping
    @Operation(summary = "The caller's orders, newest first, optionally of one status")
    public Page<OrderView> mine(@RequestParam(required = false) String status,
                                @RequestParam(required = false) Integer limit,
                                @RequestParam(required = false) String cursor, @Parameter(hidden = true) CurrentUser caller) {
        return queries.mine(caller, status == null ? null : parseStatus(status), PageRequest.of(limit, cursor));
    }

    @GetMapping("/by-status/{status}")
    @Operation(summary = "ADMIN: every customer's orders of one status, newest first")
    public Page<OrderView> byStatus(@PathVariable String status, @RequestParam(required = false) Integer limit,
                                    @RequestParam(required = false) String cursor) {
        return queries.byStatus(parseStatus(status), PageRequest.of(limit, cursor));
    }

    @PostMapping("/{id}/cancel")
    @Operation(summary = "Cancel an own order while it is PENDING or PAID (If-Match optional)")
    public ResponseEntity<OrderView> cancel(@PathVariable String id, @Parameter(hidden = true) CurrentUser caller,
                                            @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        OrderView order = transitions.move(queries.own(caller, id), OrderStatus.CANCELLED, expectedVersion(ifMatch));
        return ResponseEntity.ok().eTag(order.etag()).body(order);
    }

    @PostMapping("/{id}/status")
    @Operation(summary = "ADMIN: move an order PENDING → PAID → SHIPPED → DELIVERED, or to CANCELLED from "
            + "PENDING or PAID (If-Match optional)")
    public ResponseEntity<OrderView> changeStatus(@PathVariable String id, @Valid @RequestBody StatusChange change,
                                                  @RequestHeader(name = "If-Match", required = false) String ifMatch) {
        OrderView order = transitions.move(queries.anyones(id), parseStatus(change.status()), expectedVersion(ifMatch));
        return ResponseEntity.ok().eTag(order.etag()).body(order);
    }

    private static String checkedKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new BadRequestException("idempotency-key-required", "Idempotency-Key required",
                    "POST /api/orders needs an Idempotency-Key header, unique per intended order.");
        }
        if (key.length() > 255 || !key.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            throw new BadRequestException("invalid-idempotency-key", "Invalid Idempotency-Key",
                    "An Idempotency-Key is 1 to 255 visible ASCII characters.");
        }
        return key;
    }

    private static OrderStatus parseStatus(String text) {
        OrderStatus status = OrderStatus.parse(text);
        if (status == null) {
            throw new BadRequestException("invalid-status", "Invalid status",
                    "status must be one of " + Arrays.toString(OrderStatus.values()) + ".")
                    .with("allowed", OrderStatus.values());
        }
        return status;
    }

    /** {@code If-Match: "7"} → 7; {@code *} or absent → null (any version). */
    private static Long expectedVersion(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.strip().equals("*")) {
            return null;
        }
        String tag = ifMatch.strip();
        if (tag.length() >= 2 && tag.startsWith("\"") && tag.endsWith("\"")) {
            try {
                return Long.parseLong(tag.substring(1, tag.length() - 1));
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        throw new BadRequestException("invalid-if-match", "Invalid If-Match",
                "If-Match takes one strong ETag of an order, such as \"3\", or *.");
    }
}
