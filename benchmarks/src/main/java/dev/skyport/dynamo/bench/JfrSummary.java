package dev.skyport.dynamo.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a server's CPU went, from a recording made with {@code EngineBenchmark --jfr}: execution
 * samples by the method on top of the stack (self) and by every method on the stack (inclusive).
 * {@code java -cp ... dev.skyport.dynamo.bench.JfrSummary target/bench/memory-get.jfr [rows]}.
 */
public final class JfrSummary {

    private JfrSummary() {
    }

    public static void main(String[] args) throws IOException {
        int rows = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = stack.getFrames();
            self.merge(name(frames.getFirst()), 1, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame frame : frames) {
                String name = name(frame);
                if (seen.add(name)) {
                    inclusive.merge(name, 1, Integer::sum);
                }
            }
        }
        System.out.println(samples + " execution samples in " + args[0]);
        print("self (top of stack)", self, samples, rows);
        print("inclusive (anywhere on the stack; stacks are cut at 64 frames)", inclusive, samples, rows);
        Map<String, Integer> engine = new HashMap<>();
        inclusive.forEach((method, count) -> {
            if (method.startsWith("dev.skyport.")) {
                engine.put(method, count);
            }
        });
        print("inclusive, the engine's own methods", engine, samples, rows);
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static void print(String title, Map<String, Integer> counts, int total, int rows) {
        System.out.println();
        System.out.println("## " + title);
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(rows)
                .forEach(e -> System.out.printf(Locale.ROOT, "%6.1f%%  %s%n", 100.0 * e.getValue() / total, e.getKey()));
    }
}
