package dev.skyport.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shell benchmarks' chart entry point: what it reads, what it writes, and what it says about bad input. */
class BenchmarkChartCliTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String input, String... args) {
        return BenchmarkChartCli.run(args, new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String[] args(String... more) {
        List<String> all = new java.util.ArrayList<>(List.of("--name", "gateway-throughput", "--title",
                "gateway: requests per second", "--y-axis", "requests per second", "--command",
                "benchmarks/gateway/run.sh --duration 10", "--out", dir.toString()));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void writesThePngAndTheTextWithTheCommandTheNotesAndTheFiguresFromStandardInput() throws Exception {
        int status = run("""
                series,label,value
                # measured with 32 connections
                with Redis,GET /api/orders,4210
                in memory,GET /api/orders,5030

                in memory\tPOST /api/orders, by key\t1500.5
                """, args("--note", "32 connections, 10 s per route"));

        assertThat(status).as(err.toString()).isZero();
        Path png = dir.resolve("gateway-throughput.png");
        assertThat(Files.readAllBytes(png)).startsWith(0x89, 'P', 'N', 'G');
        assertThat(Files.readString(dir.resolve("gateway-throughput.txt")))
                .contains("made by: benchmarks/gateway/run.sh --duration 10")
                .contains("32 connections, 10 s per route")
                .contains("| series | GET /api/orders | POST /api/orders, by key |")
                .contains("| with Redis | 4,210 |  |")
                .contains("| in memory | 5,030 | 1,501 |");
        assertThat(out.toString()).contains("chart: " + png);
    }

    @Test
    void readsAFileAndTakesTheLabelBetweenTheFirstAndTheLastComma() throws Exception {
        Path figures = Files.writeString(dir.resolve("figures.csv"), "p99,GET /api/orders?a=1,b=2,12.5\n");

        assertThat(run("", args(figures.toString()))).as(err.toString()).isZero();
        assertThat(Files.readString(dir.resolve("gateway-throughput.txt")))
                .contains("| series | GET /api/orders?a=1,b=2 |").contains("| p99 | 12.50 |");
    }

    @Test
    void badLinesAreRefusedWithTheirLineNumberAndNothingIsWritten() {
        assertThat(run("in memory,GET,5030\nin memory,GET\n", args())).isEqualTo(2);
        assertThat(err.toString()).contains("line 2: expected series,label,value but got: in memory,GET");

        err.reset();
        assertThat(run("in memory,GET,fast\n", args())).isEqualTo(2);
        assertThat(err.toString()).contains("line 1: value is not a number: fast");

        err.reset();
        assertThat(run("in memory,GET,-3\n", args())).isEqualTo(2);
        assertThat(err.toString()).contains("line 1: value must be a finite number >= 0: -3");

        err.reset();
        assertThat(run(",GET,3\n", args())).isEqualTo(2);
        assertThat(err.toString()).contains("line 1: empty series or label");

        err.reset();
        assertThat(run("# nothing measured\n", args())).isEqualTo(2);
        assertThat(err.toString()).contains("no figures in the input");

        assertThat(dir.resolve("gateway-throughput.png")).doesNotExist();
    }

    @Test
    void missingOrUnknownArgumentsAndBadChartNamesAreRefusedWithTheUsage() {
        assertThat(run("a,b,1\n", "--name", "x", "--title", "t", "--y-axis", "y")).isEqualTo(2);
        assertThat(err.toString()).contains("--command is required").contains("usage: bench-chart");

        err.reset();
        assertThat(run("a,b,1\n", args("--colour", "red"))).isEqualTo(2);
        assertThat(err.toString()).contains("unexpected argument: --colour");

        err.reset();
        assertThat(run("a,b,1\n", args("--note"))).isEqualTo(2);
        assertThat(err.toString()).contains("--note needs a value");

        err.reset();
        assertThat(run("a,b,1\n", "--name", "Gateway Throughput", "--title", "t", "--y-axis", "y", "--command", "c",
                "--out", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("chart names are lower-case file names: Gateway Throughput");
    }

    @Test
    void helpPrintsTheUsage() {
        assertThat(run("", "--help")).isZero();
        assertThat(out.toString()).contains("usage: bench-chart");
    }
}
