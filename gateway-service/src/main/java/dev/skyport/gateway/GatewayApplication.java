package dev.skyport.gateway;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Skyport's edge: one public API in front of the services (routing, auth, throttling, resilience, docs). */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {

    private static final String EVENT_LOOPS = "reactor.netty.ioWorkerCount";

    public static void main(String[] args) {
        // One Reactor Netty event loop per CPU the JVM may use (a container's CPU limit counts), unless set. Reactor
        // Netty's default is at least four, so on a pod of one or two CPUs the loops took turns on the same core.
        if (System.getProperty(EVENT_LOOPS) == null) {
            System.setProperty(EVENT_LOOPS, Integer.toString(Runtime.getRuntime().availableProcessors()));
        }
        SpringApplication.run(GatewayApplication.class, args);
    }
}
