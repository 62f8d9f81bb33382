package dev.skyport.starter.problem;

import dev.skyport.starter.observability.RequestIdFilter;
import io.micrometer.tracing.Tracer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import dev.skyport.starter.web.RequestSizeLimitFilter;
import dev.skyport.starter.web.SkyportWebProperties;
import tools.jackson.databind.json.JsonMapper;

/** problem+json for every error: the advice, the error controller and the writers used by filters. */
@AutoConfiguration(before = ErrorMvcAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties(SkyportWebProperties.class)
public class SkyportProblemAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Problems problems(ObjectProvider<Tracer> tracer) {
        return new Problems(tracer);
    }

    /** Before everything that may answer with a problem, so each carries the gateway's request id. */
    @Bean
    FilterRegistrationBean<RequestIdFilter> skyportRequestIdFilter() {
        FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(new RequestIdFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }

    @Bean
    @ConditionalOnMissingBean
    ProblemResponses problemResponses(Problems problems, ObjectProvider<JsonMapper> jsonMapper) {
        return new ProblemResponses(problems, jsonMapper.getIfAvailable(JsonMapper::new));
    }

    @Bean
    @ConditionalOnMissingBean
    ProblemExceptionHandler problemExceptionHandler(Problems problems) {
        return new ProblemExceptionHandler(problems);
    }

    /** Runs after the tracing filter (so the 413 carries the trace id) and before security. */
    @Bean
    FilterRegistrationBean<RequestSizeLimitFilter> skyportRequestSizeLimitFilter(SkyportWebProperties properties,
            ProblemResponses responses) {
        FilterRegistrationBean<RequestSizeLimitFilter> registration = new FilterRegistrationBean<>(
                new RequestSizeLimitFilter(properties.maxRequestSize(), responses));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return registration;
    }

    @Bean
    @ConditionalOnMissingBean(org.springframework.boot.webmvc.error.ErrorController.class)
    ProblemErrorController problemErrorController(Problems problems) {
        return new ProblemErrorController(problems);
    }
}
