package dev.skyport.orders.order;

import dev.skyport.orders.users.UsersClient;
import dev.skyport.starter.data.EntityTable;
import dev.skyport.starter.data.Transactions;
import dev.skyport.starter.dynamo.SkyportTables;
import dev.skyport.starter.security.SkyportAuthorizationRules;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorityAuthorizationManager;
import org.springframework.security.authorization.AuthorizationManagers;
import tools.jackson.databind.ObjectMapper;

/** The order feature's tables, services and access rules. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OrdersProperties.class)
public class OrdersConfiguration {

    @Bean
    EntityTable<OrderItem> ordersTable(SkyportTables tables) {
        return tables.table(OrderItem.class);
    }

    @Bean
    EntityTable<IdempotencyRecord> idempotencyKeysTable(SkyportTables tables) {
        return tables.table(IdempotencyRecord.class);
    }

    @Bean
    EntityTable<OrderEventItem> orderEventsTable(SkyportTables tables) {
        return tables.table(OrderEventItem.class);
    }

    @Bean
    OrderEventLog orderEventLog(EntityTable<OrderEventItem> orderEventsTable, EntityTable<OrderItem> ordersTable,
                                Transactions transactions, OrdersProperties properties) {
        return new OrderEventLog(orderEventsTable, ordersTable.schema(), transactions, Clock.systemUTC(),
                properties.events().retention());
    }

    @Bean
    OrderMetrics orderMetrics(MeterRegistry meters) {
        return new OrderMetrics(meters);
    }

    @Bean
    IdempotencyStore idempotencyStore(EntityTable<IdempotencyRecord> idempotencyKeysTable, OrdersProperties properties) {
        return new IdempotencyStore(idempotencyKeysTable, Clock.systemUTC(), properties.claimLease());
    }

    @Bean
    OrderPlacement orderPlacement(EntityTable<OrderItem> ordersTable, IdempotencyStore idempotencyStore,
                                  OrderEventLog orderEventLog, UsersClient usersClient, ObjectMapper objectMapper,
                                  OrderMetrics orderMetrics, OrdersProperties properties) {
        return new OrderPlacement(ordersTable, idempotencyStore, orderEventLog, usersClient, objectMapper, orderMetrics,
                Clock.systemUTC(), properties.waitForFirst());
    }

    @Bean
    OrderQueries orderQueries(EntityTable<OrderItem> ordersTable) {
        return new OrderQueries(ordersTable);
    }

    @Bean
    OrderTransitions orderTransitions(EntityTable<OrderItem> ordersTable, OrderEventLog orderEventLog,
                                      OrderMetrics orderMetrics) {
        return new OrderTransitions(ordersTable, orderEventLog, orderMetrics, Clock.systemUTC());
    }

    /**
     * Reads need orders:read, writes orders:write; the admin endpoints need ROLE_ADMIN as well (a
     * customer gets 403 there; ownership of single orders is checked by the queries, as 404).
     */
    @Bean
    SkyportAuthorizationRules ordersAuthorizationRules() {
        return registry -> registry
                .requestMatchers(HttpMethod.GET, "/api/orders/by-status/**").access(AuthorizationManagers.allOf(
                        AuthorityAuthorizationManager.hasAuthority("SCOPE_orders:read"),
                        AuthorityAuthorizationManager.hasRole("ADMIN")))
                .requestMatchers(HttpMethod.POST, "/api/orders/*/status").access(AuthorizationManagers.allOf(
                        AuthorityAuthorizationManager.hasAuthority("SCOPE_orders:write"),
                        AuthorityAuthorizationManager.hasRole("ADMIN")))
                .requestMatchers(HttpMethod.GET, "/api/orders", "/api/orders/**").hasAuthority("SCOPE_orders:read")
                .requestMatchers(HttpMethod.POST, "/api/orders", "/api/orders/**").hasAuthority("SCOPE_orders:write");
    }
}
