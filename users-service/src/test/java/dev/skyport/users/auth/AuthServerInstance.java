package dev.skyport.users.auth;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import dev.skyport.testsupport.Browser;
import dev.skyport.users.UsersApplication;

/**
 * One users-service process in the test JVM, on free ports, against the test's engine and table prefix. Several
 * instances on the same prefix behave as replicas; closing one and starting another is a restart.
 */
final class AuthServerInstance implements AutoCloseable {

    static final String ISSUER = "http://issuer.skyport.test";

    final ConfigurableApplicationContext context;
    final String baseUrl;

    private AuthServerInstance(ConfigurableApplicationContext context) {
        this.context = context;
        this.baseUrl = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
    }

    static AuthServerInstance start(URI engine, String tablePrefix, Map<String, Object> overrides) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("server.port", "0");
        properties.put("server.address", "127.0.0.1");
        properties.put("management.server.port", "0");
        properties.put("management.server.address", "127.0.0.1");
        properties.put("skyport.dynamodb.endpoint", engine.toString());
        properties.put("skyport.dynamodb.table-prefix", tablePrefix);
        properties.put("skyport.dynamodb.create-tables", "true");
        properties.put("skyport.security.issuer-uri", ISSUER);
        // Replicas must notice each other's keys quickly in tests; production keeps the defaults.
        properties.put("skyport.auth.keys.cache-ttl", "1s");
        properties.put("skyport.auth.keys.publish-ahead", "3s");
        properties.put("skyport.auth.login.max-failures-per-account-and-address", "3");
        properties.put("skyport.auth.login.max-failures-per-address", "1000");
        properties.put("spring.main.banner-mode", "off");
        // Outside the local profile the shipped local secrets are refused.
        properties.put("skyport.auth.clients.skyport-service.secret", Flows.SERVICE_SECRET);
        properties.put("skyport.pagination.cursor-secret", "it-cursor-secret-0123456789abcdef");
        properties.putAll(overrides);
        // Command-line arguments: they outrank application.yml (builder "properties" are only defaults).
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(UsersApplication.class).run(args);
        return new AuthServerInstance(context);
    }

    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    String url(String path) {
        return baseUrl + path;
    }

    URI uri(String path) {
        return URI.create(url(path));
    }

    /** A fresh browser (no cookies yet) whose origin is this instance. */
    Browser browser() {
        return new Browser(URI.create(baseUrl));
    }

    @Override
    public void close() {
        context.close();
    }
}
