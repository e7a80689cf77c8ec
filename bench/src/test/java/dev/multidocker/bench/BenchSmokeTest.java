package dev.multidocker.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** CI's short run of the benchmark: that it works end to end and reports every scenario, not how fast. */
class BenchSmokeTest {

    @TempDir
    Path out;

    @Test
    void reportsEveryScenarioWithMeasuredFigures() throws Exception {
        assumeTrue(Wrk.installed(), "wrk is not installed (apt-get install wrk)");
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/nginx")), "nginx is not installed (apt-get install nginx)");

        String report = new Bench(Bench.Options.parse(new String[] {"--smoke", "--out", out.toString()})).run();

        assertEquals(report, Files.readString(out.resolve("report.md")));
        for (String scenario : new String[] {"GET /api/values/current (40 entries)", "GET /api/values/all",
                "POST /api/values (3 in 4 valid)"}) {
            Matcher row = Pattern.compile("\\| " + Pattern.quote(scenario) + " \\| ([0-9,]+) \\|").matcher(report);
            assertTrue(row.find(), "no row for " + scenario + " in\n" + report);
            assertTrue(Long.parseLong(row.group(1).replace(",", "")) > 0, scenario + " measured no requests");
        }
        assertTrue(report.contains("Ceiling: nginx `return 200` alone"), report);
        assertTrue(report.contains("all recorded"), "every accepted index is in PostgreSQL:\n" + report);
        for (String goal : new String[] {"POST → value visible, index 40", "worker drain", "api-server peak RSS",
                "worker peak RSS", "api-server start to ready", "worker start to ready"}) {
            assertTrue(report.contains("| " + goal + " |"), "no goal row for " + goal);
        }
        assertTrue(report.contains("## Compose stack"), "no compose section in\n" + report);
        if (!report.contains("Not measured here: ")) {
            Matcher compose = Pattern.compile("\\| compose: GET /api/values/current \\(40 entries\\) \\| ([0-9,]+) \\|")
                    .matcher(report);
            assertTrue(compose.find(), "the compose stack ran but has no throughput row:\n" + report);
            assertTrue(Long.parseLong(compose.group(1).replace(",", "")) > 0, "the compose stack answered no requests");
        }
        BufferedImage chart = ImageIO.read(out.resolve("throughput.png").toFile());
        assertNotNull(chart, "throughput.png is a PNG");
        assertTrue(chart.getWidth() > 0 && chart.getHeight() > 0);
    }
}
