package dev.skyport.e2e.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the boot jars the images are built from hold. The reactor packages the services before this module (its
 * pom depends on them), so {@code <service>/target/<service>.jar} is this build's jar.
 */
class ServiceJarsTest {

    static List<String> services() {
        return Cluster.SERVICES;
    }

    @ParameterizedTest
    @MethodSource("services")
    void carriesStsSoTheDefaultChainCanAssumeARoleThroughWebIdentity(String service) throws IOException {
        Path jar = Repository.path(service + "/target/" + service + ".jar");
        assertThat(jar).as("%s is packaged first (./mvnw -pl %s -am package)", jar, service).isRegularFile();
        try (JarFile boot = new JarFile(jar.toFile())) {
            List<String> libraries = Collections.list(boot.entries()).stream().map(ZipEntry::getName)
                    .filter(name -> name.startsWith("BOOT-INF/lib/")).toList();
            // Without it the SDK's web-identity provider refuses and the chain falls through to instance metadata.
            assertThat(libraries).as("%s libraries", service)
                    .anyMatch(name -> name.matches("BOOT-INF/lib/sts-[0-9.]+\\.jar"))
                    .anyMatch(name -> name.matches("BOOT-INF/lib/dynamodb-[0-9.]+\\.jar"));
        }
    }
}
