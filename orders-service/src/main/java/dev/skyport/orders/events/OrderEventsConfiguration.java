package dev.skyport.orders.events;

import dev.skyport.orders.order.OrderEventLog;
import dev.skyport.orders.order.OrderItem;
import dev.skyport.starter.problem.ProblemResponses;
import dev.skyport.starter.data.EntityTable;
import dev.skyport.starter.security.SkyportAuthorizationRules;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.core.env.Environment;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;
import org.springframework.web.socket.server.standard.ServletServerContainerFactoryBean;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbServiceClientConfiguration;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClientBuilder;
import tools.jackson.databind.ObjectMapper;

/** {@code /ws/orders} and the stream reader that feeds it. */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
@EnableConfigurationProperties(OrderEventsProperties.class)
public class OrderEventsConfiguration implements WebSocketConfigurer {

    public static final String PATH = "/ws/orders";

    private final ObjectProvider<OrderEventsBroadcaster> broadcaster;
    private final ObjectProvider<ProblemResponses> problems;
    private final OrderEventsProperties properties;

    OrderEventsConfiguration(ObjectProvider<OrderEventsBroadcaster> broadcaster, ObjectProvider<ProblemResponses> problems,
                             OrderEventsProperties properties) {
        this.broadcaster = broadcaster;
        this.problems = problems;
        this.properties = properties;
    }

    /**
     * Any origin: the socket is authenticated by a bearer token, never by a cookie, so a foreign page
     * gains nothing by opening it (the gateway relays browsers' upgrades).
     */
    @Override
    public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
        registry.addHandler(new OrderEventsSocketHandler(broadcaster.getObject(), properties.sendTimeLimit().toMillis()), PATH)
                .addInterceptors(new OrderEventsHandshake(problems.getObject()))
                .setAllowedOriginPatterns("*");
    }

    /**
     * Frames bigger than {@code maxMessageSize} from a client close the socket with 1009. (A factory bean
     * is created early, before configuration properties beans: it binds its settings itself.)
     */
    @Bean
    static ServletServerContainerFactoryBean webSocketContainer(Environment environment) {
        OrderEventsProperties properties = Binder.get(environment)
                .bindOrCreate("skyport.orders.events", OrderEventsProperties.class);
        ServletServerContainerFactoryBean container = new ServletServerContainerFactoryBean();
        container.setMaxTextMessageBufferSize(properties.maxMessageSize());
        container.setMaxBinaryMessageBufferSize(properties.maxMessageSize());
        container.setAsyncSendTimeout(properties.sendTimeLimit().toMillis());
        // Idleness is judged by the broadcaster (close code 1000), not by the container (which would say 1001).
        container.setMaxSessionIdleTimeout(0L);
        return container;
    }

    @Bean
    SkyportAuthorizationRules orderEventsAuthorizationRules() {
        return registry -> registry.requestMatchers(PATH).hasAuthority("SCOPE_orders:read");
    }

    @Bean
    OrderEventsBroadcaster orderEventsBroadcaster(ObjectMapper objectMapper, EntityTable<OrderItem> ordersTable,
                                                  OrderEventLog orderEventLog, OrderEventsProperties properties,
                                                  MeterRegistry meters) {
        return new OrderEventsBroadcaster(objectMapper, new OrderChanges(ordersTable.schema()), orderEventLog,
                properties, meters);
    }

    /** The Streams API on the same endpoint, region and credentials as the DynamoDB client. */
    @Bean(destroyMethod = "close")
    DynamoDbStreamsClient dynamoDbStreamsClient(DynamoDbClient dynamoDbClient) {
        DynamoDbServiceClientConfiguration config = dynamoDbClient.serviceClientConfiguration();
        DynamoDbStreamsClientBuilder builder = DynamoDbStreamsClient.builder()
                .region(config.region())
                .credentialsProvider(config.credentialsProvider());
        config.endpointOverride().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /**
     * Whether this replica follows the orders stream (a detail of /actuator/health, deliberately not in the
     * readiness group: a replica that cannot push events still serves the REST API).
     */
    @Bean
    HealthIndicator ordersStreamHealthIndicator(OrdersStreamReader ordersStreamReader) {
        return () -> ordersStreamReader.following() ? Health.up().build()
                : Health.outOfService().withDetail("reason", "not following the orders stream (yet)").build();
    }

    @Bean
    OrdersStreamReader ordersStreamReader(DynamoDbClient dynamoDbClient, DynamoDbStreamsClient dynamoDbStreamsClient,
                                          EntityTable<OrderItem> ordersTable, StreamDelivery streamDelivery) {
        return new OrdersStreamReader(dynamoDbClient, dynamoDbStreamsClient, ordersTable.tableName(),
                streamDelivery.sink(), streamDelivery.plan(), properties.pollInterval(), properties.discoveryInterval());
    }
}
