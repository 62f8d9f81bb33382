package dev.skyport.dynamo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A second, independent client: {@code src/test/node/conformance.mjs} drives a live engine with
 * Dynamoose and the AWS SDK for JavaScript v3, so the engine is checked against what the DynamoDB API
 * is, not only against what our Java code happens to call.
 *
 * <p>Needs {@code node} and {@code npm} on the PATH. Without them the test is skipped on a developer's
 * machine and fails under {@code CI=true}, where it must run.
 */
class NodeClientsIT {

    private static final Duration NPM_CI_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(3);
    private static final Pattern SUMMARY = Pattern.compile("^(\\d+) passed, 0 failed$");

    static DynamoEngine engine;

    @BeforeAll
    static void start() {
        engine = DynamoEngine.startInMemory();
    }

    @AfterAll
    static void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void dynamooseAndTheJavaScriptSdkPassTheConformanceScript() throws Exception {
        Path node = requireOnPath("node");
        Path npm = requireOnPath("npm");
        Path dir = nodeProjectDirectory();

        if (needsInstall(dir)) {
            // The lockfile pins every package; no package may need an install script.
            Result install = run(List.of(npm.toString(), "ci", "--no-audit", "--no-fund", "--ignore-scripts"),
                    dir, Map.of(), NPM_CI_TIMEOUT, "npm");
            assertEquals(0, install.exitCode(), "npm ci in " + dir + " failed; its output is in the test log above");
        }

        Result result = run(List.of(node.toString(), "conformance.mjs"), dir,
                Map.of("DYNAMO_ENDPOINT", engine.endpoint().toString()), SCRIPT_TIMEOUT, "node");

        assertEquals(0, result.exitCode(), "conformance.mjs failed against the engine:\n" + tail(result.lines()));
        assertTrue(result.lines().stream().anyMatch(line -> SUMMARY.matcher(line).matches()),
                "conformance.mjs exited 0 without its 'N passed, 0 failed' line:\n" + tail(result.lines()));
    }

    /** The executable on the PATH, or: skipped on a developer's machine, failed under CI. */
    private static Path requireOnPath(String name) {
        Optional<Path> found = findOnPath(name);
        if (found.isPresent()) {
            return found.get();
        }
        String why = name + " is not on the PATH (" + System.getenv("PATH") + "); the Dynamoose / JavaScript SDK"
                + " conformance check (src/test/node) needs Node.js 20+ with npm";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI must run the Node.js client check, but " + why + ". Install Node.js and npm on the CI machine.");
        }
        Assumptions.abort("node is not installed: " + why);
        throw new AssertionError("unreachable");
    }

    private static Optional<Path> findOnPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        boolean windows = System.getProperty("os.name", "").toLowerCase().startsWith("windows");
        List<String> names = windows ? List.of(name + ".cmd", name + ".exe", name) : List.of(name);
        for (String entry : path.split(Pattern.quote(File.pathSeparator))) {
            if (entry.isBlank()) {
                continue;
            }
            for (String candidate : names) {
                Path file = Path.of(entry, candidate);
                if (Files.isRegularFile(file) && Files.isExecutable(file)) {
                    return Optional.of(file);
                }
            }
        }
        return Optional.empty();
    }

    private static Path nodeProjectDirectory() {
        // Failsafe runs in the module directory and also passes it as "basedir".
        Path base = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
        Path dir = base.resolve("src/test/node").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(dir.resolve("conformance.mjs")), "no conformance.mjs in " + dir);
        assertTrue(Files.isRegularFile(dir.resolve("package-lock.json")), "no package-lock.json in " + dir);
        return dir;
    }

    /** node_modules is missing, or older than the lockfile (npm keeps its own copy in node_modules). */
    private static boolean needsInstall(Path dir) throws IOException {
        Path installed = dir.resolve("node_modules/.package-lock.json");
        if (!Files.isRegularFile(installed)) {
            return true;
        }
        return Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(dir.resolve("package-lock.json"))) < 0;
    }

    private record Result(int exitCode, List<String> lines) {
    }

    /** Runs a command, streaming its merged output to the test log line by line. */
    private static Result run(List<String> command, Path dir, Map<String, String> env, Duration timeout, String tag)
            throws Exception {
        System.out.println("[" + tag + "] $ " + String.join(" ", command) + "   (in " + dir + ")");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        builder.redirectInput(ProcessBuilder.Redirect.from(new File(File.separatorChar == '\\' ? "NUL" : "/dev/null")));
        Process process = builder.start();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        Thread pump = Thread.ofPlatform().daemon().name(tag + "-output").start(() -> {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.add(line);
                    System.out.println("[" + tag + "] " + line);
                }
            } catch (IOException e) {
                lines.add("(output stream failed: " + e + ")");
            }
        });
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            pump.join(TimeUnit.SECONDS.toMillis(5));
            fail(String.join(" ", command) + " did not finish within " + timeout + ":\n" + tail(lines));
        }
        pump.join(TimeUnit.SECONDS.toMillis(10));
        synchronized (lines) {
            return new Result(process.exitValue(), List.copyOf(lines));
        }
    }

    private static String tail(List<String> lines) {
        synchronized (lines) {
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        }
    }
}
