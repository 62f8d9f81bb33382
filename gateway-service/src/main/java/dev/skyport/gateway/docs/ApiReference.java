package dev.skyport.gateway.docs;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.springframework.cloud.gateway.handler.predicate.PredicateDefinition;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.cloud.gateway.route.RouteDefinitionLocator;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.server.PathContainer;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import io.swagger.v3.oas.annotations.Hidden;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@value #PATH}: the "Skyport API" document /docs opens on, merged ({@link OpenApiMerge}) from the OpenAPI document
 * of every route whose metadata names one ({@code openapi: /v3/api-docs}), fetched from the route's backends at most
 * once per {@link #REUSE}. Adding a service's API to the reference is that one metadata line.
 */
@Hidden
@RestController
public class ApiReference {

    public static final String PATH = "/docs/api/openapi.json";
    /** The route metadata key holding the path of the backend's OpenAPI document. */
    public static final String OPENAPI_METADATA = "openapi";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /**
     * Per document fetch: no retry (the reader reloads the page), 2 s to connect, 10 s in all (springdoc builds a
     * document on its first request, slowly on a cold JVM).
     */
    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(10);

    /**
     * A merged document is reused this long: however many clients ask, the backends are asked at most once per
     * period (no amplification of a flood from many addresses); a failure is not kept.
     */
    private static final Duration REUSE = Duration.ofSeconds(30);

    private final RouteDefinitionLocator routes;
    private final ObjectNode head;
    private final WebClient client;
    private final Mono<String> document;

    public ApiReference(RouteDefinitionLocator routes, ObjectNode head) {
        this.routes = routes;
        this.head = head;
        HttpClient http = HttpClient.create().responseTimeout(FETCH_TIMEOUT)
                .option(io.netty.channel.ChannelOption.CONNECT_TIMEOUT_MILLIS, 2000);
        this.client = WebClient.builder().clientConnector(new ReactorClientHttpConnector(http))
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(4 * 1024 * 1024)).build();
        // Deferred: every refresh reads the routes as they are then.
        this.document = Mono.defer(this::merge).cache(merged -> REUSE, failed -> Duration.ZERO, () -> Duration.ZERO);
    }

    @GetMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    Mono<String> document() {
        return document;
    }

    private Mono<String> merge() {
        return routes.getRouteDefinitions()
                .filter(route -> route.getMetadata().get(OPENAPI_METADATA) instanceof String)
                .flatMapSequential(route -> fetch(route)
                        .map(document -> new OpenApiMerge.Source(route.getId(), document, routedBy(route))))
                .collectList()
                .map(sources -> {
                    OpenApiMerge merge = new OpenApiMerge(head, DocsWiring.SECURITY_SCHEME);
                    sources.forEach(merge::add);
                    return JSON.writeValueAsString(merge.document());
                });
    }

    private Mono<JsonNode> fetch(RouteDefinition route) {
        URI uri = UriComponentsBuilder.fromUri(route.getUri())
                .path((String) route.getMetadata().get(OPENAPI_METADATA)).build().toUri();
        return client.get().uri(uri).accept(MediaType.APPLICATION_JSON).retrieve().bodyToMono(String.class)
                .timeout(FETCH_TIMEOUT)
                .map(JSON::readTree)
                .onErrorMap(e -> new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE,
                        "The API document of '" + route.getId() + "' is unavailable; try again shortly.", e));
    }

    /** The paths the route's Path predicates match (the public part of the backend's API). */
    static Predicate<String> routedBy(RouteDefinition route) {
        List<PathPattern> patterns = route.getPredicates().stream()
                .filter(p -> p.getName().equals("Path"))
                .map(PredicateDefinition::getArgs).flatMap(args -> args.entrySet().stream())
                .filter(arg -> !arg.getKey().startsWith("match"))
                .map(Map.Entry::getValue).flatMap(value -> List.of(value.split(",")).stream())
                .map(String::strip).filter(value -> !value.isEmpty())
                .map(PathPatternParser.defaultInstance::parse).toList();
        return path -> patterns.stream().anyMatch(pattern -> pattern.matches(PathContainer.parsePath(path)));
    }
}
