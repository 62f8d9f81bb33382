package dev.skyport.gateway.websocket;

import java.time.Duration;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import org.springframework.web.reactive.socket.server.WebSocketService;

import dev.skyport.gateway.GatewayProperties;
import io.netty.channel.ChannelOption;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.resources.ConnectionProvider;

/**
 * Ticket store choice, the gateway's WebSocketService swapped for the limited, supervised one, and the upstream
 * WebSocket client given a connection pool of its own.
 */
@Configuration(proxyBeanMethods = false)
public class WebSocketWiring {

    @Bean
    TicketStore ticketStore(GatewayProperties properties, ObjectProvider<ReactiveStringRedisTemplate> redis) {
        return properties.redisEnabled()
                ? new RedisTicketStore(redis.getObject(), Duration.ofMillis(500))
                : new InMemoryTicketStore();
    }

    @Bean
    EdgeWebSocketService edgeWebSocketService(GatewayProperties properties) {
        return new EdgeWebSocketService(properties.websocket());
    }

    /** Spring Cloud Gateway builds its own WebSocketService; the edge's limits live in ours, so ours is used. */
    @Bean
    static BeanPostProcessor edgeWebSocketServiceSwap(ObjectProvider<EdgeWebSocketService> edge) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
                if (bean instanceof WebSocketService && !(bean instanceof EdgeWebSocketService)) {
                    return edge.getObject();
                }
                return bean;
            }
        };
    }

    /**
     * WebSockets get their own upstream connection pool. Each socket holds its upstream connection for its whole
     * life; in the REST routes' pool (which Spring Cloud Gateway's WebSocket client shares by default) enough
     * sockets would leave REST calls waiting for a connection.
     */
    @Bean(destroyMethod = "dispose")
    ConnectionProvider webSocketUpstreamConnections(GatewayProperties properties) {
        return ConnectionProvider.builder("skyport-websocket-upstream")
                .maxConnections(properties.websocket().upstreamMaxConnections())
                // A full pool refuses the next socket soon instead of queueing its handshake for long.
                .pendingAcquireTimeout(Duration.ofSeconds(2))
                .build();
    }

    @Bean
    static BeanPostProcessor webSocketClientOwnPool(ObjectProvider<ConnectionProvider> webSocketUpstreamConnections,
            ObjectProvider<HttpClientProperties> httpClientProperties) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
                if (!(bean instanceof ReactorNettyWebSocketClient shared)) {
                    return bean;
                }
                HttpClientProperties upstream = httpClientProperties.getObject();
                HttpClient own = HttpClient.create(webSocketUpstreamConnections.getObject())
                        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, upstream.getConnectTimeout());
                WebsocketClientSpec spec = shared.getWebsocketClientSpec();
                return new ReactorNettyWebSocketClient(own, () -> WebsocketClientSpec.builder()
                        .maxFramePayloadLength(spec.maxFramePayloadLength()).handlePing(spec.handlePing())
                        .compress(spec.compress()));
            }
        };
    }

    /** On shutdown, sockets are told 1001 (going away) before the HTTP server drains in-flight requests. */
    @Bean
    SmartLifecycle webSocketDrain(EdgeWebSocketService edge) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                running = true;
            }

            @Override
            public void stop() {
                edge.closeAll().block(Duration.ofSeconds(5));
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }
        };
    }
}
