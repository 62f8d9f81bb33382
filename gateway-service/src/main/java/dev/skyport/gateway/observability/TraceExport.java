package dev.skyport.gateway.observability;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;

/** Exports spans over OTLP/HTTP only when OTEL_EXPORTER_OTLP_ENDPOINT is set; otherwise traces stay local. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${skyport.gateway.otlp-endpoint:}'.isBlank()")
public class TraceExport {

    @Bean(destroyMethod = "close")
    OtlpHttpSpanExporter otlpSpanExporter(org.springframework.core.env.Environment environment) {
        String base = environment.getProperty("skyport.gateway.otlp-endpoint", "").replaceAll("/$", "");
        return OtlpHttpSpanExporter.builder().setEndpoint(base + "/v1/traces").build();
    }
}
