package dev.multidocker.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** CI's short run of the benchmark: that it works end to end and reports every scenario and goal, not how fast. */
class BenchSmokeTest {

    @TempDir
    Path out;

    @Test
    void reportsEveryScenarioAndGoalWithMeasuredFigures() throws Exception {
        Optional<String> missing = Bench.missing();
        assumeTrue(missing.isEmpty(), missing::get);

        String report = new Bench(Bench.Options.parse(new String[] {"--smoke", "--out", out.toString()})).run();

        assertThat(out.resolve("report.md")).hasContent(report);
        assertThat(report).contains("Ceiling: nginx `return 200` alone", "Proxied ceiling: the router proxying");
        for (String scenario : List.of(Bench.CURRENT_SCENARIO, Bench.ALL_SCENARIO, Bench.POST_SCENARIO,
                Bench.INSERT_SCENARIO)) {
            Matcher row = Pattern.compile("\\| " + Pattern.quote(scenario) + " \\| ([0-9,]+) \\| ([0-9.,]+) % \\|")
                    .matcher(report);
            assertThat(row.find()).as("a throughput row for %s in\n%s", scenario, report).isTrue();
            assertThat(Long.parseLong(row.group(1).replace(",", ""))).as("%s req/s", scenario).isPositive();
            assertThat(report).as("the api's young and full collections during %s", scenario).containsPattern(
                    "\\| " + Pattern.quote(scenario) + " \\|.* \\| [0-9]+ \\([0-9,]+\\) \\| [0-9]+ \\([0-9,]+\\) \\|\n");
        }
        for (String goal : List.of(Bench.CURRENT_SCENARIO, Bench.ALL_SCENARIO, Bench.POST_SCENARIO,
                "POST → value visible, index 40, p99", "api-server peak RSS under that load",
                "api-server start to ready", "worker start to ready", "durable inserts: a new index per POST")) {
            assertThat(report).as("goal rows")
                    .containsPattern("\\| " + Pattern.quote(goal) + " \\| .* \\| (met|\\*\\*missed\\*\\*) \\|");
        }
        assertThat(report).as("the stack's POST to value visible beside the floor of this machine")
                .containsPattern("\\| the stack: POST, then polls .* \\| [1-9][0-9]* \\| [0-9.]+ \\| [0-9.]+ \\|")
                .containsPattern("\\| floor: the same POST and one poll.* \\| [1-9][0-9]* \\| [0-9.]+ \\| [0-9.]+ \\|")
                .containsPattern("ms \\(floor on this machine: [0-9.]+ ms\\)");
        assertThat(report).as("the services beside the bare framework, started and loaded the same way")
                .containsPattern("\\| " + Pattern.quote(Bench.BARE_FRAMEWORK)
                        + " \\| [0-9.]+ \\| [1-9][0-9]* \\| [1-9][0-9]* \\|")
                .containsPattern("\\| api-server start to ready \\| .* s \\(bare Micronaut on this machine: [0-9.]+ s\\) \\|");
        // Durability is not a matter of speed: the smoke run holds it too.
        assertThat(report).contains("all recorded")
                .containsPattern("\\| durable inserts: a new index per POST \\| .* \\| met \\|");
        assertThat(report)
                .containsPattern("\\| pgbench -M prepared, `INSERT INTO values .*` \\| [1-9][0-9]* \\| [0-9,]+ \\|");
        assertThat(report).contains("## Compose stack", "Not measured in this run");
        BufferedImage chart = ImageIO.read(out.resolve("throughput.png").toFile());
        assertThat(chart).as("throughput.png is a PNG").isNotNull();
        assertThat(chart.getWidth()).isPositive();
    }

    @Test
    void refusesAnUnknownOptionNamingIt() {
        assertThatThrownBy(() -> Bench.Options.parse(new String[] {"--fast"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option --fast");
    }
}
