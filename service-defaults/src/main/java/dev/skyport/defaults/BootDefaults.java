package dev.skyport.defaults;

import java.io.IOException;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.ClassPathResource;

/**
 * Adds {@code skyport-boot-defaults.yml}, the Boot settings both stacks share (graceful shutdown, the management
 * port, exposed endpoints, probes, sampling, metrics by scraping only), below everything else, so each
 * application's own configuration still wins. service-starter's defaults sit just above these.
 */
public class BootDefaults implements EnvironmentPostProcessor, Ordered {

    public static final String RESOURCE = "skyport-boot-defaults.yml";
    public static final String SOURCE_NAME = "skyport-boot-defaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getPropertySources().contains(SOURCE_NAME)) {
            return;
        }
        try {
            new YamlPropertySourceLoader()
                    .load(SOURCE_NAME, new ClassPathResource(RESOURCE, BootDefaults.class.getClassLoader()))
                    .forEach(source -> environment.getPropertySources().addLast(source));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE, e);
        }
    }

    @Override
    public int getOrder() {
        // After ConfigDataEnvironmentPostProcessor, so the application's own files are already there to win.
        return Ordered.LOWEST_PRECEDENCE;
    }
}
