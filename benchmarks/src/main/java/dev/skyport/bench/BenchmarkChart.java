package dev.skyport.bench;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;

/**
 * Skyport's one benchmark chart writer: a bar chart PNG under {@code docs/images/} (XChart), and beside it a
 * {@code .txt} with the command that measured the figures, when and where, and the figures themselves, so the
 * README's images can be traced back and remade. Every benchmark uses it; see docs/benchmarks.md.
 *
 * <pre>
 *   BenchmarkChart.bars("dynamo-engine-throughput", "dynamo-engine throughput", "operations per second")
 *       .value("in memory", "GetItem", 35_000).value("data dir", "GetItem", 33_000)
 *       .write("benchmarks/engine/bench.sh");
 * </pre>
 */
public final class BenchmarkChart {

    /** Where charts go, relative to the working directory (benchmark scripts run from the project root). */
    public static final String DIRECTORY_PROPERTY = "skyport.charts.dir";

    private final String name;
    private final String title;
    private final String yAxisTitle;
    private final Set<String> categories = new LinkedHashSet<>();
    private final Map<String, Map<String, Double>> series = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    private BenchmarkChart(String name, String title, String yAxisTitle) {
        if (!name.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("chart names are lower-case file names: " + name);
        }
        this.name = name;
        this.title = title;
        this.yAxisTitle = yAxisTitle;
    }

    /** A bar chart: categories along the x axis, one bar per series in each. */
    public static BenchmarkChart bars(String name, String title, String yAxisTitle) {
        return new BenchmarkChart(name, title, yAxisTitle);
    }

    public BenchmarkChart value(String seriesName, String category, double value) {
        categories.add(category);
        series.computeIfAbsent(seriesName, s -> new LinkedHashMap<>()).put(category, value);
        return this;
    }

    /** A line for the text file beside the image (machine, load, settings). */
    public BenchmarkChart note(String line) {
        notes.add(line);
        return this;
    }

    public boolean isEmpty() {
        return series.isEmpty();
    }

    /**
     * Writes {@code <dir>/<name>.png} and {@code <dir>/<name>.txt} under {@code docs/images} (or
     * {@code -Dskyport.charts.dir}); returns the image's path.
     */
    public Path write(String command) {
        return write(command, Path.of(System.getProperty(DIRECTORY_PROPERTY, "docs/images")));
    }

    /** Writes {@code <dir>/<name>.png} and {@code <dir>/<name>.txt}; returns the image's path. */
    public Path write(String command, Path dir) {
        String load = loadAverage();
        CategoryChart chart = new CategoryChartBuilder().width(1100).height(560).title(title)
                .xAxisTitle("made by: " + command + "  (" + Runtime.getRuntime().availableProcessors() + " CPUs"
                        + (load.isEmpty() ? "" : ", load " + load) + ")")
                .yAxisTitle(yAxisTitle).build();
        CategoryStyler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setYAxisMin(0.0);
        styler.setLabelsVisible(true);
        styler.setLabelsPosition(0.9);
        double max = series.values().stream().flatMap(m -> m.values().stream()).mapToDouble(Double::doubleValue).max().orElse(0);
        styler.setDecimalPattern(max >= 100 ? "#,##0" : "0.0#");
        List<String> x = List.copyOf(categories);
        series.forEach((seriesName, values) -> {
            // Every series needs a value per category; an unmeasured one shows as an empty slot.
            List<Double> y = x.stream().map(c -> values.getOrDefault(c, 0.0)).toList();
            chart.addSeries(seriesName, x, y);
        });
        try {
            Files.createDirectories(dir);
            Path png = dir.resolve(name + ".png");
            BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
            Files.writeString(dir.resolve(name + ".txt"), text(command));
            return png;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The 1-minute load average (Linux), printed with the chart: a crowded machine makes poor figures. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private String text(String command) {
        StringBuilder text = new StringBuilder();
        text.append(title).append('\n');
        text.append("made by: ").append(command).append('\n');
        text.append("on: ").append(ZonedDateTime.now().withNano(0)).append(", ")
                .append(Runtime.getRuntime().availableProcessors()).append(" CPUs, Java ").append(Runtime.version())
                .append(loadAverage().isEmpty() ? "" : ", load average " + loadAverage() + " when the chart was written")
                .append('\n');
        notes.forEach(n -> text.append(n).append('\n'));
        text.append('\n').append("| series | ").append(String.join(" | ", categories)).append(" |\n");
        text.append("|---|").append("---:|".repeat(categories.size())).append('\n');
        series.forEach((seriesName, values) -> {
            text.append("| ").append(seriesName).append(" |");
            for (String c : categories) {
                Double v = values.get(c);
                text.append(' ').append(v == null ? "" : String.format(Locale.ROOT, v >= 100 ? "%,.0f" : "%.2f", v))
                        .append(" |");
            }
            text.append('\n');
        });
        text.append("(").append(yAxisTitle).append(")\n");
        return text.toString();
    }
}
