package dev.skyport.starter.dynamo;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import dev.skyport.starter.config.LocalDefaults;
import dev.skyport.starter.data.Transactions;
import dev.skyport.starter.pagination.CursorCodec;
import dev.skyport.starter.pagination.SkyportPaginationProperties;
import io.awspring.cloud.autoconfigure.dynamodb.DynamoDbAutoConfiguration;
import io.awspring.cloud.autoconfigure.dynamodb.DynamoDbClientCustomizer;
import io.micrometer.observation.ObservationRegistry;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackages;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.function.SingletonSupplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB wiring on top of Spring Cloud AWS's client: endpoint (the engine) and placeholder credentials when an
 * endpoint is configured, observations around every call, {@link SkyportTables}, {@link Transactions}, cursors,
 * table creation at start-up when enabled, and the {@code dynamoDb} health indicator.
 */
@AutoConfiguration(before = DynamoDbAutoConfiguration.class)
@ConditionalOnClass(DynamoDbClient.class)
@EnableConfigurationProperties({SkyportDynamoProperties.class, SkyportPaginationProperties.class})
public class SkyportDynamoAutoConfiguration {

    @Bean
    DynamoDbClientCustomizer skyportDynamoDbClientCustomizer(SkyportDynamoProperties properties,
            Environment environment, ObjectProvider<ObservationRegistry> observations) {
        boolean keysConfigured = environment.containsProperty("spring.cloud.aws.credentials.access-key")
                || System.getenv("AWS_ACCESS_KEY_ID") != null || System.getProperty("aws.accessKeyId") != null;
        return builder -> {
            if (properties.hasEndpoint()) {
                builder.endpointOverride(URI.create(properties.endpoint().trim()));
                if (!keysConfigured) {
                    // The engine accepts any signature; this avoids probing the default chain (and IMDS) locally.
                    builder.credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create("skyport-local", "skyport-local")));
                }
            }
            ObservationRegistry registry = observations.getIfAvailable();
            if (registry != null && !registry.isNoop()) {
                ClientOverrideConfiguration current = builder.overrideConfiguration();
                ClientOverrideConfiguration.Builder config = current == null ? ClientOverrideConfiguration.builder()
                        : current.toBuilder();
                builder.overrideConfiguration(
                        config.addExecutionInterceptor(new DynamoDbObservationInterceptor(registry)).build());
            }
        };
    }

    @Bean
    @ConditionalOnMissingBean
    CursorCodec cursorCodec(SkyportPaginationProperties properties, Environment environment) {
        LocalDefaults.refuseOutsideLocal(environment, "skyport.pagination.cursor-secret", "SKYPORT_CURSOR_SECRET",
                properties.cursorSecret());
        return new CursorCodec(properties.cursorSecret());
    }

    @Bean
    @ConditionalOnMissingBean
    TableProvisioner tableProvisioner(DynamoDbClient dynamoDb) {
        return new TableProvisioner(dynamoDb);
    }

    @Bean
    @ConditionalOnMissingBean
    SkyportTables skyportTables(DynamoDbEnhancedClient enhancedClient, DynamoDbClient dynamoDb,
            SkyportDynamoProperties properties,
            ObjectProvider<Validator> validator, ObjectProvider<Clock> clock, CursorCodec cursorCodec,
            TableProvisioner provisioner) {
        return new SkyportTables(enhancedClient, dynamoDb, properties,
                validator.getIfAvailable(() -> Validation.buildDefaultValidatorFactory().getValidator()),
                clock.getIfAvailable(Clock::systemUTC), cursorCodec, provisioner);
    }

    @Bean
    @ConditionalOnMissingBean
    Transactions transactions(DynamoDbEnhancedClient enhancedClient) {
        return new Transactions(enhancedClient);
    }

    /** Creates the tables of every {@link SkyportTable} class in the application's packages, before traffic. */
    @Bean
    SmartInitializingSingleton skyportTableCreation(SkyportDynamoProperties properties, SkyportTables tables,
            TableProvisioner provisioner, BeanFactory beanFactory) {
        return () -> {
            if (!properties.createTables()) {
                return;
            }
            for (Class<?> entity : declaredEntities(properties, beanFactory)) {
                SkyportTable declaration = entity.getAnnotation(SkyportTable.class);
                provisioner.ensureTable(tables.physicalName(declaration.name()), TableSchema.fromClass(entity),
                        declaration.stream());
            }
        };
    }

    /** The {@link SkyportTable} classes under the entity packages (default: the application's). */
    static List<Class<?>> declaredEntities(SkyportDynamoProperties properties, BeanFactory beanFactory) {
        List<String> packages = !properties.entityPackages().isEmpty() ? properties.entityPackages()
                : AutoConfigurationPackages.has(beanFactory) ? AutoConfigurationPackages.get(beanFactory) : List.of();
        return TableProvisioner.scan(packages, SkyportDynamoAutoConfiguration.class.getClassLoader());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class DynamoDbHealthConfiguration {

        /** Checks the declared tables and any other the service asked {@link SkyportTables} for. */
        @Bean
        @ConditionalOnMissingBean(name = "dynamoDbHealthIndicator")
        DynamoDbHealthIndicator dynamoDbHealthIndicator(DynamoDbClient dynamoDb, SkyportTables tables,
                SkyportDynamoProperties properties, BeanFactory beanFactory, ObjectProvider<Clock> clock) {
            Supplier<Set<String>> declared = SingletonSupplier.of(() -> declaredEntities(properties, beanFactory)
                    .stream().map(entity -> tables.physicalName(entity.getAnnotation(SkyportTable.class).name()))
                    .collect(Collectors.toSet()));
            Supplier<Set<String>> own = () -> {
                Set<String> names = new TreeSet<>(declared.get());
                tables.registered().forEach(table -> names.add(table.tableName()));
                return names;
            };
            return new DynamoDbHealthIndicator(dynamoDb, own, properties.health(),
                    clock.getIfAvailable(Clock::systemUTC));
        }
    }
}
