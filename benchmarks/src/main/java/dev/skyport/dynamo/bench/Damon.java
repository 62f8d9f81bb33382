package dev.skyport.dynamo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The kernel's DAMON access monitor ({@code kdamond} threads), which this VM runs with a page-out scheme. Each
 * aggregation interval (500 ms here) it stalls whatever runs beside it for a few milliseconds (nginx) to tens
 * of milliseconds (a JVM with a large heap): enough to decide a p99 at 17,000 requests a second. The benchmark
 * names its state in the header and, with {@code --pause-damon}, turns it off for the run and back on after.
 */
final class Damon {

    private static final Path KDAMONDS = Path.of("/sys/kernel/mm/damon/admin/kdamonds");

    private Damon() {
    }

    /** The state files of the monitors that are on. */
    static List<Path> running() {
        List<Path> on = new ArrayList<>();
        if (!Files.isDirectory(KDAMONDS)) {
            return on;
        }
        try (Stream<Path> dirs = Files.list(KDAMONDS)) {
            for (Path dir : dirs.filter(Files::isDirectory).sorted().toList()) {
                Path state = dir.resolve("state");
                if (Files.isReadable(state) && Files.readString(state).strip().equals("on")) {
                    on.add(state);
                }
            }
        } catch (IOException e) {
            // Unreadable: reported as none running.
        }
        return on;
    }

    /** One line for the benchmark's header. */
    static String describe() {
        List<Path> on = running();
        if (on.isEmpty()) {
            return "kernel DAMON monitor (kdamond): not running";
        }
        return "kernel DAMON monitor (kdamond): " + on.size() + " running; it stalls other processes every"
                + " aggregation interval, which shows in paced p99s (--pause-damon turns it off for the run)";
    }

    /** Turns the running monitors off; the returned action turns them on again. */
    static Runnable pause() throws IOException {
        List<Path> paused = new ArrayList<>();
        Runnable restore = () -> {
            for (Path state : paused) {
                try {
                    if (Files.readString(state).strip().equals("on")) {
                        continue; // turned on already (the shutdown hook runs after the normal restore)
                    }
                    Files.writeString(state, "on");
                } catch (IOException e) {
                    System.err.println("could not turn the DAMON monitor back on: echo on > " + state);
                }
            }
        };
        try {
            for (Path state : running()) {
                Files.writeString(state, "off");
                paused.add(state);
            }
        } catch (IOException e) {
            restore.run();
            throw e;
        }
        return restore;
    }
}
