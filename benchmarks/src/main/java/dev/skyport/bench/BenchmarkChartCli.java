package dev.skyport.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@link BenchmarkChart} for benchmarks that are shell scripts: reads figures as lines of
 * {@code series,label,value} (or tab-separated) from a file or standard input and writes the PNG and its
 * {@code .txt} like a Java benchmark would. {@code benchmarks/bench-chart} runs it without a build; see
 * docs/benchmarks.md.
 *
 * <pre>
 *   printf 'with Redis,GET /api/orders,4210\nin memory,GET /api/orders,5030\n' |
 *     benchmarks/bench-chart --name gateway-throughput --title "gateway: requests per second" \
 *       --y-axis "requests per second" --command "benchmarks/gateway/run.sh" --note "32 connections"
 * </pre>
 */
public final class BenchmarkChartCli {

    static final String USAGE = """
            usage: bench-chart --name NAME --title TITLE --y-axis TEXT --command "COMMAND THAT MEASURED" \\
                               [--note LINE]... [--out DIR] [FILE|-]
              FILE (standard input when absent or -): one figure per line, series,label,value
              (or series<TAB>label<TAB>value); blank lines, lines starting with # and a header line
              series,label,value are skipped. In comma lines the label is everything between the first and
              the last comma; a series with a comma needs the tab-separated form.
              Writes DIR/NAME.png and DIR/NAME.txt (DIR: docs/images, or -Dskyport.charts.dir).""";

    private BenchmarkChartCli() {
    }

    public static void main(String[] args) {
        int status = run(args, System.in, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** One figure read from the input: a bar of {@code series} in the group {@code label}. */
    record Figure(String series, String label, double value) {
    }

    /** Exit status: 0 written, 2 bad arguments or bad input (the message says which line). */
    static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
        try {
            Options options = Options.parse(args);
            if (options.help) {
                out.println(USAGE);
                return 0;
            }
            List<String> lines = options.input == null || options.input.equals("-")
                    ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8).lines().toList()
                    : Files.readAllLines(Path.of(options.input));
            List<Figure> figures = parse(lines);
            BenchmarkChart chart = BenchmarkChart.bars(options.name, options.title, options.yAxis);
            options.notes.forEach(chart::note);
            figures.forEach(f -> chart.value(f.series(), f.label(), f.value()));
            Path png = options.out == null ? chart.write(options.command) : chart.write(options.command, Path.of(options.out));
            out.println("chart: " + png + " (and " + png.getFileName().toString().replace(".png", ".txt") + ")");
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("bench-chart: " + e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (IOException | UncheckedIOException e) {
            err.println("bench-chart: " + e);
            return 2;
        }
    }

    static List<Figure> parse(List<String> lines) {
        List<Figure> figures = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = fields(line);
            if (fields == null) {
                throw new IllegalArgumentException("line " + (i + 1) + ": expected series,label,value but got: " + line);
            }
            if (figures.isEmpty() && Arrays.equals(fields, new String[] {"series", "label", "value"})) {
                continue;
            }
            if (fields[0].isEmpty() || fields[1].isEmpty()) {
                throw new IllegalArgumentException("line " + (i + 1) + ": empty series or label: " + line);
            }
            double value;
            try {
                value = Double.parseDouble(fields[2]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": value is not a number: " + fields[2]);
            }
            if (!Double.isFinite(value) || value < 0) {
                throw new IllegalArgumentException("line " + (i + 1) + ": value must be a finite number >= 0: " + fields[2]);
            }
            figures.add(new Figure(fields[0], fields[1], value));
        }
        if (figures.isEmpty()) {
            throw new IllegalArgumentException("no figures in the input");
        }
        return figures;
    }

    /** series, label, value, or null when the line has fewer than three fields. */
    private static String[] fields(String line) {
        if (line.indexOf('\t') >= 0) {
            String[] parts = line.split("\t", -1);
            return parts.length == 3 ? new String[] {parts[0].strip(), parts[1].strip(), parts[2].strip()} : null;
        }
        int first = line.indexOf(',');
        int last = line.lastIndexOf(',');
        if (first < 0 || first == last) {
            return null;
        }
        return new String[] {line.substring(0, first).strip(), line.substring(first + 1, last).strip(),
                line.substring(last + 1).strip()};
    }

    private static final class Options {
        String name;
        String title;
        String yAxis;
        String command;
        String out;
        String input;
        boolean help;
        final List<String> notes = new ArrayList<>();

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "-h", "--help" -> o.help = true;
                    case "--name" -> o.name = value(args, ++i, arg);
                    case "--title" -> o.title = value(args, ++i, arg);
                    case "--y-axis" -> o.yAxis = value(args, ++i, arg);
                    case "--command" -> o.command = value(args, ++i, arg);
                    case "--note" -> o.notes.add(value(args, ++i, arg));
                    case "--out" -> o.out = value(args, ++i, arg);
                    default -> {
                        if (arg.startsWith("--") || o.input != null) {
                            throw new IllegalArgumentException("unexpected argument: " + arg);
                        }
                        o.input = arg;
                    }
                }
            }
            if (!o.help) {
                for (String[] required : new String[][] {{"--name", o.name}, {"--title", o.title},
                        {"--y-axis", o.yAxis}, {"--command", o.command}}) {
                    if (required[1] == null || required[1].isBlank()) {
                        throw new IllegalArgumentException(required[0] + " is required");
                    }
                }
            }
            return o;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }
    }
}
