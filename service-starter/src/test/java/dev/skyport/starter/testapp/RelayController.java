package dev.skyport.starter.testapp;

import java.time.Duration;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/** Calls another service with the Boot-provided RestClient.Builder, as orders-service calls users-service. */
@RestController
public class RelayController {

    private final RestClient client;

    public RelayController(RestClient.Builder builder) {
        this.client = builder.requestFactory(ClientHttpRequestFactoryBuilder.jdk()
                .build(HttpClientSettings.defaults().withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5))))
                .build();
    }

    @GetMapping("/api/public/relay")
    public String relay(@RequestParam String url) {
        return client.get().uri(url).retrieve().body(String.class);
    }
}
