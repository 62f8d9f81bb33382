package dev.skyport.starter.testapp;

import dev.skyport.starter.security.SkyportAuthorizationRules;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;

/** A tiny service built on the starter, as users-service and orders-service are. */
@SpringBootApplication
public class TestApplication {

    public static void main(String[] args) {
        SpringApplication.run(TestApplication.class, args);
    }

    @Bean
    RecordingSpanExporter recordingSpanExporter() {
        return new RecordingSpanExporter();
    }

    @Bean
    SkyportAuthorizationRules orderRules() {
        return registry -> registry
                .requestMatchers("/api/admin/**").hasRole("ADMIN")
                .requestMatchers(HttpMethod.GET, "/api/orders/**").hasAuthority("SCOPE_orders:read")
                .requestMatchers("/api/orders/**").hasAuthority("SCOPE_orders:write");
    }
}
