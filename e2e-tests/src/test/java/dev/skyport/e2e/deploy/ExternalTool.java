package dev.skyport.e2e.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

/**
 * A command-line tool from Debian, npm or the machine image (kubectl, docker-compose, dockerfile-utils, cfn-lint). Missing tools skip the
 * test with the reason on a developer machine; under CI=true they fail it, because .ci/run installs them.
 */
record ExternalTool(String name, String installHint) {

    static final ExternalTool KUBECTL = new ExternalTool("kubectl",
            "kubectl (client 1.32 with kustomize 5.5) is preinstalled on Skyport's machines");
    static final ExternalTool DOCKER_COMPOSE = new ExternalTool("docker-compose",
            "apt-get install -y docker-compose");
    static final ExternalTool DOCKERFILE_UTILS = new ExternalTool("dockerfile-utils",
            "npm install -g dockerfile-utils@0.16.3");
    static final ExternalTool CFN_LINT = new ExternalTool("cfn-lint",
            "cfn-lint (PyPI) is preinstalled on Skyport's machines");

    /** Resolves the tool on PATH, or skips / fails the calling test as described above. */
    Path require() {
        Optional<Path> found = locate();
        if (found.isPresent()) {
            return found.get();
        }
        String reason = name + " is not on PATH (" + installHint + ")";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail("CI=true and " + reason);
        }
        abort(reason + "; skipped because CI is not set");
        throw new AssertionError("unreachable");
    }

    Optional<Path> locate() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** Runs the tool in the repository root; a run that outlives two minutes fails (it would hang the build). */
    Result run(String... args) {
        List<String> command = new ArrayList<>();
        command.add(require().toString());
        command.addAll(List.of(args));
        try {
            Path out = Files.createTempFile("skyport-" + name, ".out");
            Path err = Files.createTempFile("skyport-" + name, ".err");
            try {
                Process process = new ProcessBuilder(command)
                        .directory(Repository.ROOT.toFile())
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .start();
                if (!process.waitFor(2, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    fail(String.join(" ", command) + " did not finish within 2 minutes");
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Result(int exitCode, String stdout, String stderr) {
        String describe() {
            return "exit " + exitCode + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
        }
    }
}
