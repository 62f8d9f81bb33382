package dev.skyport.starter.testapp;

import java.time.Duration;

import dev.skyport.starter.data.EntityTable;
import dev.skyport.starter.data.QuerySpec;
import dev.skyport.starter.dynamo.SkyportTables;
import dev.skyport.starter.pagination.Page;
import dev.skyport.starter.pagination.PageRequest;
import dev.skyport.starter.problem.NotFoundException;
import dev.skyport.starter.problem.ServiceUnavailableException;
import dev.skyport.starter.security.CurrentUser;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
public class OrderController {

    private static final Logger log = LoggerFactory.getLogger(OrderController.class);

    private final EntityTable<Order> orders;

    public OrderController(SkyportTables tables) {
        this.orders = tables.table(Order.class);
    }

    public record NewOrder(@NotBlank String orderId, @NotBlank String status, @Min(0) int total) {
    }

    public record OrderView(String orderId, String status, int total, long version) {
        static OrderView of(Order order) {
            return new OrderView(order.getOrderId(), order.getStatus(), order.getTotal(), order.getVersion());
        }
    }

    @PostMapping("/api/orders")
    public ResponseEntity<OrderView> create(@Valid @RequestBody NewOrder body, CurrentUser user) {
        Order created = orders.create(new Order(user.id(), body.orderId(), body.status(), body.total()));
        log.info("order created");
        return ResponseEntity.status(HttpStatus.CREATED).eTag("\"" + created.getVersion() + "\"")
                .body(OrderView.of(created));
    }

    @GetMapping("/api/orders/{orderId}")
    public OrderView get(@PathVariable String orderId, CurrentUser user) {
        return orders.get(orders.key(user.id(), orderId)).map(OrderView::of)
                .orElseThrow(() -> new NotFoundException("No order " + orderId + "."));
    }

    @PutMapping("/api/orders/{orderId}/status")
    public OrderView changeStatus(@PathVariable String orderId, @RequestHeader("If-Match") String ifMatch,
            @RequestBody String status, CurrentUser user) {
        Order order = orders.get(orders.key(user.id(), orderId))
                .orElseThrow(() -> new NotFoundException("No order " + orderId + "."));
        order.setVersion(Long.parseLong(ifMatch.replace("\"", "")));
        order.setStatus(status);
        return OrderView.of(orders.update(order));
    }

    @GetMapping("/api/orders")
    public Page<OrderView> list(@RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor, CurrentUser user) {
        return orders.query(QuerySpec.partition(user.id()).page(PageRequest.of(limit, cursor)).build())
                .map(OrderView::of);
    }

    @GetMapping("/api/admin/ping")
    public String adminPing() {
        return "admin";
    }

    @GetMapping("/api/public/ping")
    public String publicPing() {
        return "pong";
    }

    @GetMapping("/api/public/broken")
    public String broken() {
        throw new IllegalStateException("secret internal detail");
    }

    @GetMapping("/api/public/busy")
    public String busy() {
        throw new ServiceUnavailableException("Try again soon.", Duration.ofSeconds(3));
    }
}
