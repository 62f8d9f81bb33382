package dev.skyport.starter.config;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import dev.skyport.defaults.BootDefaults;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Adds {@code skyport-defaults.yml} (the starter's defaults, every environment variable it reads written as an
 * explicit {@code ${NAME:default}} placeholder) with a low precedence, just above service-defaults' shared Boot
 * settings ({@link BootDefaults}), so a service's application.yml and the environment override both. Also maps
 * OTEL_EXPORTER_OTLP_ENDPOINT to Boot's OTLP trace exporter only when set: Boot starts the exporter as soon as
 * its endpoint property exists, even empty.
 */
public class SkyportDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String DEFAULTS = "skyport-defaults.yml";
    static final String SOURCE_NAME = "skyport-starter-defaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getPropertySources().contains(SOURCE_NAME)) {
            return;
        }
        try {
            List<PropertySource<?>> sources = new YamlPropertySourceLoader().load(SOURCE_NAME,
                    new ClassPathResource(DEFAULTS, SkyportDefaultsEnvironmentPostProcessor.class.getClassLoader()));
            // Above the shared Boot settings of service-defaults, whichever of the two ran first.
            sources.forEach(source -> {
                if (environment.getPropertySources().contains(BootDefaults.SOURCE_NAME)) {
                    environment.getPropertySources().addBefore(BootDefaults.SOURCE_NAME, source);
                } else {
                    environment.getPropertySources().addLast(source);
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DEFAULTS, e);
        }
        String otlp = environment.getProperty("skyport.observability.otlp-endpoint");
        if (otlp != null && !otlp.isBlank()
                && !environment.containsProperty("management.opentelemetry.tracing.export.otlp.endpoint")) {
            String base = otlp.endsWith("/") ? otlp.substring(0, otlp.length() - 1) : otlp;
            environment.getPropertySources().addLast(new MapPropertySource("skyport-otlp",
                    Map.of("management.opentelemetry.tracing.export.otlp.endpoint", base + "/v1/traces")));
        }
    }

    @Override
    public int getOrder() {
        // After ConfigDataEnvironmentPostProcessor, so application.yml is already present to take precedence.
        return Ordered.LOWEST_PRECEDENCE;
    }
}
