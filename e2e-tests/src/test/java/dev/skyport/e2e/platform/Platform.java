package dev.skyport.e2e.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import dev.skyport.testsupport.FreePorts;

/**
 * The whole platform as a newcomer starts it: {@code ./run.sh} from the project root, as real processes on
 * free ports, with its data and run directories under {@code target/e2e/<name>}. One per test class.
 */
public final class Platform implements AutoCloseable {

    public static final Path ROOT = Path.of(System.getProperty("skyport.root", "..")).toAbsolutePath().normalize();
    public static final Path WORK = Path.of(System.getProperty("skyport.e2e.work", "target/e2e")).toAbsolutePath();

    /** A liveness bound for a cold start on a busy 2-core machine, not a speed goal. */
    private static final Duration START_LIMIT = Duration.ofMinutes(10);
    private static final Duration STOP_LIMIT = Duration.ofMinutes(2);

    /** The variables run.sh and the services read; cleared from the inherited environment first. */
    private static final List<String> PLATFORM_VARIABLES = List.of("SERVER_PORT", "MANAGEMENT_PORT",
            "SKYPORT_ISSUER_URI", "SKYPORT_JWK_SET_URI", "DYNAMODB_ENDPOINT", "AWS_REGION", "SKYPORT_TABLE_PREFIX",
            "SKYPORT_CREATE_TABLES", "SKYPORT_CURSOR_SECRET", "USERS_SERVICE_URL", "ORDERS_SERVICE_URL",
            "SKYPORT_SERVICE_CLIENT_SECRET", "REDIS_URL", "SPRING_PROFILES_ACTIVE", "OTEL_EXPORTER_OTLP_ENDPOINT",
            "DYNAMO_ENGINE_PORT", "DYNAMO_ENGINE_HOST", "DYNAMO_ENGINE_DATA_DIR", "DYNAMO_ENGINE_RECORD_ACCESS",
            "USERS_PORT", "USERS_MANAGEMENT_PORT", "ORDERS_PORT", "ORDERS_MANAGEMENT_PORT", "GATEWAY_PORT",
            "GATEWAY_MANAGEMENT_PORT", "SKYPORT_RUN_DIR", "JAVA_OPTS");

    /** How run.sh is started. */
    public enum Mode {
        /** {@code bash run.sh}, a child of the test. */
        FOREGROUND,
        /**
         * As {@code ./run.sh > run.log &} in a CI script: an asynchronous child of a non-interactive shell (which
         * starts it with SIGINT ignored), in a process group of its own that the test can signal as a whole.
         */
        BACKGROUND
    }

    private final String name;
    private final Path dir;
    private final Map<String, String> env;
    private final Mode mode;
    private final List<Launch> launches = new ArrayList<>();
    /** The processes seen once the platform was up: in BACKGROUND mode run.sh outlives the shell that started it. */
    private final List<ProcessHandle> seen = new ArrayList<>();

    private Platform(String name, Map<String, String> env, Mode mode) {
        this.name = name;
        this.dir = WORK.resolve(name);
        this.env = env;
        this.mode = mode;
    }

    /** Starts the whole platform and returns when run.sh says it is up. */
    public static Platform start(String name, Map<String, String> extraEnv) {
        return start(name, extraEnv, Mode.FOREGROUND);
    }

    /** Starts the whole platform, run.sh started as the mode says, and returns when run.sh says it is up. */
    public static Platform start(String name, Map<String, String> extraEnv, Mode mode) {
        Platform platform = prepare(name, extraEnv, mode);
        try {
            Launch launch = platform.launch("platform", List.of());
            launch.awaitLine("run.sh: Skyport is up", START_LIMIT);
            platform.seen.addAll(platform.processes());
        } catch (RuntimeException | Error e) {
            platform.close();
            throw e;
        }
        return platform;
    }

    /**
     * A platform with its ports, directories and environment chosen and nothing started yet: start parts of it with
     * {@link #startServices(String...)}, e.g. the engine first, then the services once the test has prepared it.
     */
    public static Platform prepare(String name, Map<String, String> extraEnv) {
        return prepare(name, extraEnv, Mode.FOREGROUND);
    }

    /** {@code ./run.sh <services>} and returns when run.sh says they started; stopped with the platform. */
    public Launch startServices(String... services) {
        Launch launch = launch("start-" + String.join("-", services), List.of(services));
        try {
            launch.awaitLine("run.sh: started " + String.join(" ", services), START_LIMIT);
        } finally {
            seen.addAll(processes());
        }
        return launch;
    }

    private static Platform prepare(String name, Map<String, String> extraEnv, Mode mode) {
        Path dir = WORK.resolve(name);
        deleteRecursively(dir);
        int[] ports = FreePorts.distinct(7);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DYNAMO_ENGINE_PORT", String.valueOf(ports[0]));
        env.put("USERS_PORT", String.valueOf(ports[1]));
        env.put("USERS_MANAGEMENT_PORT", String.valueOf(ports[2]));
        env.put("ORDERS_PORT", String.valueOf(ports[3]));
        env.put("ORDERS_MANAGEMENT_PORT", String.valueOf(ports[4]));
        env.put("GATEWAY_PORT", String.valueOf(ports[5]));
        env.put("GATEWAY_MANAGEMENT_PORT", String.valueOf(ports[6]));
        env.put("DYNAMO_ENGINE_DATA_DIR", dir.resolve("dynamo").toString());
        env.put("SKYPORT_RUN_DIR", dir.resolve("run").toString());
        // Start-up speed over peak speed: four JVMs share two cores with the build.
        env.put("JAVA_OPTS", "-XX:TieredStopAtLevel=1 -Xmx512m");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.putAll(extraEnv);
        return new Platform(name, env, mode);
    }

    /** The public URL clients use: the gateway, under the name the tokens carry as their issuer. */
    public URI gateway() {
        return URI.create("http://localhost:" + env.get("GATEWAY_PORT"));
    }

    public String env(String variable) {
        return env.get(variable);
    }

    public Path dir() {
        return dir;
    }

    /** Runs run.sh (again) with the same environment and these arguments; its output goes to a log file. */
    public Launch launch(String label, List<String> args) {
        try {
            Files.createDirectories(dir);
            Path log = dir.resolve(label + ".log");
            List<String> command = new ArrayList<>(mode == Mode.BACKGROUND
                    ? List.of("setsid", "bash", "-c", "bash \"$0\" \"$@\" & wait", ROOT.resolve("run.sh").toString())
                    : List.of("bash", ROOT.resolve("run.sh").toString()));
            command.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
            PLATFORM_VARIABLES.forEach(builder.environment()::remove);
            builder.environment().putAll(env);
            Launch launch = new Launch(label, builder.start(), log);
            launches.add(launch);
            return launch;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops one service the way an operator would (TERM to its process) and waits until it has exited. */
    public void stopService(String service) {
        ProcessHandle process = serviceProcess(service);
        process.destroy();
        try {
            process.onExit().get(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new AssertionError(service + " did not stop on TERM within " + STOP_LIMIT, e);
        }
    }

    /** Brings a stopped service back with {@code ./run.sh <service>}, next to the running platform. */
    public Launch startService(String service) {
        Launch launch = launch("restart-" + service + "-" + launches.size(), List.of(service));
        launch.awaitLine("run.sh: started " + service, START_LIMIT);
        return launch;
    }

    public ProcessHandle serviceProcess(String service) {
        try {
            long pid = Long.parseLong(Files.readString(dir.resolve("run").resolve(service + ".pid")).strip());
            return ProcessHandle.of(pid).orElseThrow(() -> new AssertionError(service + " (pid " + pid + ") is not running"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the first run.sh printed so far. */
    public String launcherOutput() {
        return launches.isEmpty() ? "" : launches.getFirst().output();
    }

    /** Sends the signal (INT, TERM, ...) with kill(1) to the process group of the first launcher (BACKGROUND mode). */
    public void signalProcessGroup(String signal) {
        kill("-" + signal, "--", "-" + launches.getFirst().process.pid());
    }

    /** Sends the signal to run.sh itself (not to the shell that started it in BACKGROUND mode). */
    public void signalLauncher(String signal) {
        Process first = launches.getFirst().process;
        long pid = mode == Mode.FOREGROUND ? first.pid() : first.children()
                .filter(p -> p.info().commandLine().orElse("").contains("run.sh")).findFirst()
                .orElseThrow(() -> new AssertionError("run.sh is not running")).pid();
        kill("-" + signal, String.valueOf(pid));
    }

    private static void kill(String... args) {
        List<String> command = new ArrayList<>(List.of("kill"));
        command.addAll(List.of(args));
        try {
            Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new AssertionError(command + " failed: " + new String(kill.getInputStream().readAllBytes()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * Waits up to the limit for these processes to end and returns those still alive then (a liveness bound, so that
     * a hung launcher fails the test instead of hanging it).
     */
    public static List<String> awaitGone(List<ProcessHandle> processes, Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        while (processes.stream().anyMatch(ProcessHandle::isAlive) && Instant.now().isBefore(deadline)) {
            sleep(Duration.ofMillis(200));
        }
        return processes.stream().filter(ProcessHandle::isAlive)
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList();
    }

    /** The platform's ports on which something still accepts connections. */
    public List<Integer> portsInUse() {
        return env.entrySet().stream().filter(e -> e.getKey().endsWith("_PORT")).map(e -> Integer.parseInt(e.getValue()))
                .filter(port -> {
                    try (java.net.Socket ignored = new java.net.Socket("127.0.0.1", port)) {
                        return true;
                    } catch (IOException refused) {
                        return false;
                    }
                }).toList();
    }

    /** Every process the launchers started, still alive (the launchers themselves included). */
    public List<ProcessHandle> processes() {
        return launches.stream().flatMap(l -> java.util.stream.Stream.concat(java.util.stream.Stream.of(l.process.toHandle()),
                l.process.descendants())).filter(ProcessHandle::isAlive).toList();
    }

    /**
     * Stops every launcher with TERM, as Ctrl-C would, and returns the processes that were still alive after the
     * launchers exited (they are killed then, so nothing outlives the test either way).
     */
    public List<String> stop() {
        List<ProcessHandle> started = java.util.stream.Stream.concat(seen.stream(),
                launches.stream().flatMap(l -> l.process.descendants())).distinct().toList();
        // The last launcher first: a restarted service belongs to a later one.
        for (Launch launch : launches.reversed()) {
            if (mode == Mode.BACKGROUND && launch == launches.getFirst()) {
                // The group, not the shell in front of run.sh, which may be gone while run.sh still runs.
                try {
                    kill("-TERM", "--", "-" + launch.process.pid());
                } catch (AssertionError groupGone) {
                    // every process of the group has exited already
                }
            } else {
                launch.process.destroy();
            }
            try {
                if (!launch.process.waitFor(STOP_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                    launch.process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<String> leftovers = started.stream().filter(ProcessHandle::isAlive)
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList();
        started.forEach(ProcessHandle::destroyForcibly);
        launches.clear();
        return leftovers;
    }

    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return "platform " + name + " at " + gateway() + " (logs in " + dir + ")";
    }

    /** One run of run.sh and its log. */
    public static final class Launch {
        final String label;
        final Process process;
        final Path log;

        public Launch(String label, Process process, Path log) {
            this.label = label;
            this.process = process;
            this.log = log;
        }

        public String output() {
            try {
                return Files.readString(log, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Waits until the log shows the line; fails early with the log's tail when run.sh exits first. */
        public void awaitLine(String text, Duration limit) {
            Instant deadline = Instant.now().plus(limit);
            while (!output().contains(text)) {
                if (!process.isAlive()) {
                    throw new AssertionError("run.sh (" + label + ") exited with " + process.exitValue()
                            + " before printing '" + text + "':\n" + tail(output(), 60));
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("run.sh (" + label + ") did not print '" + text + "' within " + limit
                            + ":\n" + tail(output(), 60));
                }
                sleep(Duration.ofMillis(500));
            }
        }

        public int awaitExit(Duration limit) {
            try {
                if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroy();
                    throw new AssertionError("run.sh (" + label + ") still runs after " + limit + ":\n" + output());
                }
                return process.exitValue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    public static String tail(String text, int lines) {
        String[] all = text.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
    }

    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
