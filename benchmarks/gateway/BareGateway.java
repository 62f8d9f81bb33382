package dev.skyport.bench;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The benchmark's control case (bench/run.sh, "scg-bare"): Spring Cloud Gateway itself, from the same jars as
 * gateway-service, with one route and nothing of Skyport's (no security, JWT, rate limiting, breakers, access
 * log, tracing or HTTP server observations; Spring Cloud Gateway's own defaults stay). Whatever this reaches on one core is the ceiling for any gateway built on the
 * framework, so it separates the framework's cost from Skyport's. Compiled and started by run.sh against
 * BOOT-INF/lib of the gateway jar (not BOOT-INF/classes: none of Skyport's configuration is read); the route
 * and the exclusions come from the command line there.
 */
@SpringBootApplication
public class BareGateway {

    public static void main(String[] args) {
        SpringApplication.run(BareGateway.class, args);
    }
}
