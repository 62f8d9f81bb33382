package dev.skyport.starter.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.skyport.defaults.BootDefaults;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.StandardEnvironment;

/** The starter's environment variables are all visible as placeholders in its defaults file. */
class DefaultsPlaceholdersTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*):");

    /** The variables in the starter's defaults and in the shared Boot settings under them. */
    static Set<String> variables() throws IOException {
        Set<String> names = new TreeSet<>();
        for (String resource : new String[] {SkyportDefaultsEnvironmentPostProcessor.DEFAULTS, BootDefaults.RESOURCE}) {
            try (InputStream in = DefaultsPlaceholdersTest.class.getClassLoader().getResourceAsStream(resource)) {
                String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                yaml.lines().filter(line -> !line.strip().startsWith("#")).forEach(line -> {
                    Matcher matcher = PLACEHOLDER.matcher(line);
                    while (matcher.find()) {
                        names.add(matcher.group(1));
                    }
                });
            }
        }
        return names;
    }

    @Test
    void listsEveryVariableTheStarterReads() throws IOException {
        assertThat(variables()).containsExactly("AWS_REGION", "DYNAMODB_ENDPOINT", "MANAGEMENT_PORT",
                "OTEL_EXPORTER_OTLP_ENDPOINT", "SERVER_PORT", "SKYPORT_CREATE_TABLES", "SKYPORT_CURSOR_SECRET",
                "SKYPORT_ISSUER_URI", "SKYPORT_JWK_SET_URI", "SKYPORT_TABLE_PREFIX");
    }

    @Test
    void defaultsAreAddedWithTheLowestPrecedenceAndResolve() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new org.springframework.core.env.MapPropertySource("app",
                java.util.Map.of("skyport.dynamodb.table-prefix", "app-")));
        new BootDefaults().postProcessEnvironment(environment, new SpringApplication());
        new SkyportDefaultsEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty("skyport.dynamodb.table-prefix")).isEqualTo("app-");
        assertThat(environment.getProperty("skyport.security.audience")).isEqualTo("skyport-api");
        assertThat(environment.getProperty("spring.threads.virtual.enabled")).isEqualTo("true");
        assertThat(environment.getProperty("server.shutdown")).isEqualTo("graceful");
        assertThat(environment.getProperty("management.endpoint.health.group.readiness.include"))
                .isEqualTo("readinessState,dynamoDb");
        assertThat(environment.getProperty("management.endpoints.web.exposure.include")).isEqualTo("health,info,prometheus");
        assertThat(environment.getProperty("management.tracing.propagation.type")).isEqualTo("w3c");
        if (System.getenv("OTEL_EXPORTER_OTLP_ENDPOINT") == null) {
            assertThat(environment.containsProperty("management.opentelemetry.tracing.export.otlp.endpoint")).isFalse();
        }
    }

    @Test
    void theStarterDefaultsSitJustAboveTheSharedBootSettingsWhicheverIsAddedFirst() {
        for (boolean starterFirst : new boolean[] {true, false}) {
            StandardEnvironment environment = new StandardEnvironment();
            if (starterFirst) {
                new SkyportDefaultsEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
            }
            new BootDefaults().postProcessEnvironment(environment, new SpringApplication());
            new SkyportDefaultsEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
            java.util.List<String> names = environment.getPropertySources().stream().map(source -> source.getName()).toList();
            assertThat(names.indexOf(SkyportDefaultsEnvironmentPostProcessor.SOURCE_NAME))
                    .isEqualTo(names.indexOf(BootDefaults.SOURCE_NAME) - 1);
        }
    }

    @Test
    void anOtlpEndpointTurnsOnTraceExport() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new org.springframework.core.env.MapPropertySource("app",
                java.util.Map.of("skyport.observability.otlp-endpoint", "http://collector:4318/")));
        new SkyportDefaultsEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty("management.opentelemetry.tracing.export.otlp.endpoint"))
                .isEqualTo("http://collector:4318/v1/traces");
    }
}
