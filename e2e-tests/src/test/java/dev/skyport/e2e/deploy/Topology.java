package dev.skyport.e2e.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The Spring services, derived from the reactor rather than listed: the root pom's modules whose own pom builds a
 * Spring Boot jar. Every deploy check that covers "every service" iterates this list, and TopologyTest checks that
 * compose, the Kubernetes base and run.sh name exactly these services, so a new module none of them knows fails.
 */
final class Topology {

    private static final Pattern MODULE = Pattern.compile("<module>([^<]+)</module>");

    static final List<String> SERVICES = springServices(Repository.ROOT);

    private Topology() {
    }

    static List<String> springServices(Path root) {
        return modules(root).stream().filter(module -> builtAsSpringBootJar(root.resolve(module).resolve("pom.xml"))).toList();
    }

    /** Every module of the root pom at root. */
    static List<String> modules(Path root) {
        try {
            return MODULE.matcher(Files.readString(root.resolve("pom.xml"))).results().map(m -> m.group(1).strip()).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean builtAsSpringBootJar(Path pom) {
        try {
            return Files.isRegularFile(pom) && Files.readString(pom).contains("<artifactId>spring-boot-maven-plugin</artifactId>");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
