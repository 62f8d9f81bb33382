package dev.skyport.gateway.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.springframework.cloud.gateway.route.RouteDefinition;
import org.springframework.http.HttpMethod;

/**
 * The paths a route serves without a token, declared on the route itself as metadata
 * {@code public-paths: [/path/**, POST /other]}: adding a service's public route is one route entry.
 * A method prefix limits the exception to that method (sign-up is public, the ADMIN list on the same path is not).
 */
record RoutePublicPaths(HttpMethod method, String pattern) {

    static final String METADATA_KEY = "public-paths";

    static List<RoutePublicPaths> of(Collection<RouteDefinition> routes) {
        List<RoutePublicPaths> paths = new ArrayList<>();
        for (RouteDefinition route : routes) {
            for (String entry : entries(route.getMetadata().get(METADATA_KEY))) {
                paths.add(parse(route.getId(), entry));
            }
        }
        return List.copyOf(paths);
    }

    // Spring binds a YAML list under Map<String, Object> metadata as a map keyed "0", "1", ...
    private static List<String> entries(Object value) {
        return switch (value) {
            case null -> List.of();
            case String text -> List.of(text.split(","));
            case Map<?, ?> indexed -> indexed.values().stream().map(String::valueOf).toList();
            case Collection<?> list -> list.stream().map(String::valueOf).toList();
            default -> throw new IllegalStateException("public-paths must be a list of paths, not " + value);
        };
    }

    private static RoutePublicPaths parse(String routeId, String entry) {
        String[] parts = entry.trim().split("\\s+");
        RoutePublicPaths path = switch (parts.length) {
            case 1 -> new RoutePublicPaths(null, parts[0]);
            case 2 -> new RoutePublicPaths(HttpMethod.valueOf(parts[0]), parts[1]);
            default -> null;
        };
        if (path == null || !path.pattern().startsWith("/")) {
            // A typo must stop the start-up, not silently leave a path public or a public route answering 401.
            throw new IllegalStateException("route " + routeId + ": public path '" + entry
                    + "' is not '/path' or 'METHOD /path'");
        }
        return path;
    }
}
