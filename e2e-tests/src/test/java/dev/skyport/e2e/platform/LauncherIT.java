package dev.skyport.e2e.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import dev.skyport.testsupport.FreePorts;

/** run.sh's refusals, which come before anything starts (no platform needed), and how it stops. */
class LauncherIT {

    /** The stop setting the platforms below run with; the test waits longer only so that a hang fails, not hangs. */
    private static final int STOP_TIMEOUT_SECONDS = 30;
    private static final Duration HANG_LIMIT = Duration.ofSeconds(STOP_TIMEOUT_SECONDS * 3L);

    @Test
    void stopsEveryProcessWhenItsProcessGroupGetsSigintWithOutputToAFile() {
        // Started as `./run.sh > run.log &` in a script: bash starts it with SIGINT ignored. Before the fix run.sh
        // could not trap INT and went on running with every service and its ports.
        assertStopsEverything("launcher-sigint", platform -> platform.signalProcessGroup("INT"),
                "SIGINT to the group");
    }

    @Test
    void stopsEveryProcessWhenOnlyTheLauncherGetsSigtermWithOutputToAFile() {
        assertStopsEverything("launcher-sigterm", platform -> platform.signalLauncher("TERM"), "SIGTERM to run.sh");
    }

    /** Starts the platform in the background with its output to a file, signals it, and expects all of it gone. */
    private static void assertStopsEverything(String name, Consumer<Platform> signal, String what) {
        Platform platform = Platform.start(name, Map.of("SKYPORT_STOP_TIMEOUT", String.valueOf(STOP_TIMEOUT_SECONDS)),
                Platform.Mode.BACKGROUND);
        try {
            List<ProcessHandle> processes = platform.processes();
            assertThat(processes).hasSizeGreaterThanOrEqualTo(5);

            signal.accept(platform);

            assertThat(Platform.awaitGone(processes, HANG_LIMIT)).as("processes alive after " + what + ":\n"
                    + Platform.tail(platform.launcherOutput(), 30)).isEmpty();
            assertThat(platform.portsInUse()).as("ports still accepting connections").isEmpty();
            assertThat(platform.launcherOutput()).contains("run.sh: stopping").contains("run.sh: stopped");
        } finally {
            platform.close();
        }
    }

    @Test
    void refusesAStopTimeoutThatIsNotAWholeNumberOfSeconds() throws Exception {
        Result result = runLauncher(Map.of("SKYPORT_STOP_TIMEOUT", "soon"));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).contains("SKYPORT_STOP_TIMEOUT='soon' is not a whole number of seconds");
    }

    @Test
    void refusesToStartWhenAPortIsTakenAndNamesThePortAndItsVariable() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int[] ports = FreePorts.distinct(6);
            Result result = runLauncher(Map.of("DYNAMO_ENGINE_PORT", String.valueOf(ports[0]), "USERS_PORT",
                    String.valueOf(ports[1]), "USERS_MANAGEMENT_PORT", String.valueOf(ports[2]), "ORDERS_PORT",
                    String.valueOf(ports[3]), "ORDERS_MANAGEMENT_PORT", String.valueOf(ports[4]), "GATEWAY_PORT",
                    String.valueOf(taken.getLocalPort()), "GATEWAY_MANAGEMENT_PORT", String.valueOf(ports[5])));

            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.output()).contains("port " + taken.getLocalPort() + " (gateway-service, GATEWAY_PORT) is taken")
                    .doesNotContain("building");
        }
    }

    @Test
    void refusesTwoServicesOnOnePort() throws Exception {
        int[] ports = FreePorts.distinct(3);
        Result result = runLauncher(Map.of("USERS_PORT", String.valueOf(ports[0]), "USERS_MANAGEMENT_PORT",
                String.valueOf(ports[1]), "ORDERS_PORT", String.valueOf(ports[0]), "ORDERS_MANAGEMENT_PORT",
                String.valueOf(ports[2])), "users-service", "orders-service");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).contains("port " + ports[0] + " is set for both users-service and orders-service");
    }

    @Test
    void refusesAnUnknownService() throws Exception {
        Result result = runLauncher(Map.of(), "billing-service");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).contains("unknown service 'billing-service'");
    }

    @Test
    void refusesARedisUrlNobodyAnswers() throws Exception {
        int[] ports = FreePorts.distinct(8);
        Result result = runLauncher(Map.of("DYNAMO_ENGINE_PORT", String.valueOf(ports[0]), "USERS_PORT",
                String.valueOf(ports[1]), "USERS_MANAGEMENT_PORT", String.valueOf(ports[2]), "ORDERS_PORT",
                String.valueOf(ports[3]), "ORDERS_MANAGEMENT_PORT", String.valueOf(ports[4]), "GATEWAY_PORT",
                String.valueOf(ports[5]), "GATEWAY_MANAGEMENT_PORT", String.valueOf(ports[6]), "REDIS_URL",
                "redis://:secret-password@127.0.0.1:" + ports[7]));

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).contains("nothing answers on 127.0.0.1:" + ports[7]).doesNotContain("secret-password");
    }

    record Result(int exitCode, String output) {
    }

    private static Result runLauncher(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", Platform.ROOT.resolve("run.sh").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(Platform.ROOT.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.endsWith("_PORT") || k.equals("REDIS_URL"));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("SKYPORT_RUN_DIR", Platform.WORK.resolve("launcher-run").toString());
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(Duration.ofMinutes(2).toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("run.sh did not refuse within 2 minutes");
        }
        return new Result(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
