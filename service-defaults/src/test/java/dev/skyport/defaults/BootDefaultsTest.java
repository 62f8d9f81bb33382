package dev.skyport.defaults;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/** The shared Boot settings reach a real Boot application through spring.factories, beneath its own settings. */
class BootDefaultsTest {

    @SpringBootConfiguration
    static class App {
    }

    private static ConfigurableApplicationContext run(String... args) {
        return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE).run(args);
    }

    @Test
    void anApplicationWithNoSettingsOfItsOwnGetsTheSharedOnes() {
        try (ConfigurableApplicationContext app = run()) {
            Environment environment = app.getEnvironment();
            assertThat(environment.getProperty("server.shutdown")).isEqualTo("graceful");
            assertThat(environment.getProperty("spring.lifecycle.timeout-per-shutdown-phase")).isEqualTo("20s");
            assertThat(environment.getProperty("management.endpoints.web.exposure.include")).isEqualTo("health,info,prometheus");
            assertThat(environment.getProperty("management.endpoint.health.probes.enabled")).isEqualTo("true");
            assertThat(environment.getProperty("management.tracing.sampling.probability")).isEqualTo("1.0");
            assertThat(environment.getProperty("management.otlp.metrics.export.enabled")).isEqualTo("false");
            if (System.getenv("MANAGEMENT_PORT") == null) {
                assertThat(environment.getProperty("management.server.port")).isEmpty();
            }
        }
    }

    @Test
    void anApplicationsOwnSettingsWinOverTheSharedOnes() {
        try (ConfigurableApplicationContext app = run("--spring.config.name=own-settings",
                "--management.tracing.sampling.probability=0.1")) {
            Environment environment = app.getEnvironment();
            assertThat(environment.getProperty("management.endpoints.web.exposure.include"))
                    .isEqualTo("health,info,metrics,prometheus");
            if (System.getenv("MANAGEMENT_PORT") == null) {
                assertThat(environment.getProperty("management.server.port")).isEqualTo("8081");
            }
            assertThat(environment.getProperty("management.tracing.sampling.probability")).isEqualTo("0.1");
            // What the application leaves alone still comes from the shared settings.
            assertThat(environment.getProperty("server.shutdown")).isEqualTo("graceful");
        }
    }

    @Test
    void theSharedSettingsAreAddedOnceBelowTheEnvironment() {
        try (ConfigurableApplicationContext app = run()) {
            var sources = app.getEnvironment().getPropertySources().stream().map(source -> source.getName()).toList();
            assertThat(sources).containsOnlyOnce(BootDefaults.SOURCE_NAME);
            assertThat(sources.indexOf(BootDefaults.SOURCE_NAME)).isGreaterThan(sources.indexOf("systemEnvironment"));
        }
    }
}
