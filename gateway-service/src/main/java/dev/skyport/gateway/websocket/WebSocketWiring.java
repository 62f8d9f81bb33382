package dev.skyport.gateway.websocket;

import java.time.Duration;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.web.reactive.socket.server.WebSocketService;

import dev.skyport.gateway.GatewayProperties;

/** Ticket store choice, and the gateway's WebSocketService swapped for the limited, supervised one. */
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
