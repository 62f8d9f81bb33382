package dev.skyport.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.http.HttpMethod;

class RoutePublicPathsTest {

    @Test
    void readsEachRoutesPublicPathsWithAnOptionalMethod() {
        // As Spring binds the YAML list [POST /api/catalog, /catalog/**] into the route's metadata map.
        RouteDefinition catalog = route("catalog", Map.of("public-paths", Map.of("0", "POST /api/catalog", "1", "/catalog/**")));
        RouteDefinition orders = route("orders", Map.of("rate-limit", "none"));

        assertThat(RoutePublicPaths.of(List.of(catalog, orders))).containsExactlyInAnyOrder(
                new RoutePublicPaths(HttpMethod.POST, "/api/catalog"), new RoutePublicPaths(null, "/catalog/**"));
    }

    @Test
    void refusesToStartOnAPublicPathItCannotRead() {
        RouteDefinition typo = route("catalog", Map.of("public-paths", List.of("GET POST /api/catalog")));

        assertThatThrownBy(() -> RoutePublicPaths.of(List.of(typo))).hasMessageContaining("route catalog");
        assertThatThrownBy(() -> RoutePublicPaths.of(List.of(route("x", Map.of("public-paths", "api/x")))))
                .hasMessageContaining("'api/x'");
    }

    private static RouteDefinition route(String id, Map<String, Object> metadata) {
        RouteDefinition route = new RouteDefinition();
        route.setId(id);
        route.setMetadata(metadata);
        return route;
    }
}
