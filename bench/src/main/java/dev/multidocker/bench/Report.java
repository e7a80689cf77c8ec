package dev.multidocker.bench;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The benchmark's findings as a Markdown report and a PNG chart of throughput against the proxied ceiling. */
final class Report {

    /** A scenario's figures, with the api's collections during it where its JVM could be read. */
    record Throughput(String scenario, Wrk.Summary summary, Bench.Ceilings ceilings, double goalPercent,
                      Optional<GcPauses> apiGc) {

        double percentOfProxied() {
            return 100 * summary.requestsPerSecond() / ceilings.proxied();
        }

        double percentOfReturn200() {
            return 100 * summary.requestsPerSecond() / ceilings.return200();
        }
    }

    /** A goal, with the course's Node app measured the same way as the reference. */
    record Goal(String what, String reference, String target, String measured, boolean met) {
    }

    private final StringBuilder markdown = new StringBuilder();
    private final List<Throughput> throughputs = new ArrayList<>();
    private final List<Goal> goals = new ArrayList<>();

    Report(String title) {
        markdown.append("# ").append(title).append("\n\n");
    }

    void paragraph(String text) {
        markdown.append(text).append("\n\n");
    }

    void throughput(Throughput row) {
        throughputs.add(row);
    }

    void goal(Goal goal) {
        goals.add(goal);
    }

    void table(List<String> header, List<List<String>> rows) {
        markdown.append("| ").append(String.join(" | ", header)).append(" |\n|");
        header.forEach(column -> markdown.append("---|"));
        markdown.append('\n');
        for (List<String> row : rows) {
            markdown.append("| ").append(String.join(" | ", row)).append(" |\n");
        }
        markdown.append('\n');
    }

    void heading(String text) {
        markdown.append("## ").append(text).append("\n\n");
    }

    static String number(double value, int decimals) {
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }

    /** "12 (48)": how many collections, and how many milliseconds they stopped the JVM for in all. */
    private static String collections(long count, double seconds) {
        return count + " (" + number(seconds * 1000, 0) + ")";
    }

    static String millis(long micros) {
        return number(micros / 1000.0, 2);
    }

    /** Writes report.md and throughput.png into {@code directory}; returns the Markdown. */
    String write(Path directory) throws IOException {
        Files.createDirectories(directory);
        heading("Throughput through the router, as shares of the ceilings");
        List<List<String>> rows = new ArrayList<>();
        for (Throughput row : throughputs) {
            Wrk.Summary s = row.summary();
            rows.add(List.of(row.scenario(), number(s.requestsPerSecond(), 0), number(row.percentOfProxied(), 1) + " %",
                    number(row.percentOfReturn200(), 1) + " %", millis(s.p50Micros()), millis(s.p99Micros()),
                    millis(s.p999Micros()), Long.toString(s.socketErrors()), Long.toString(s.non2xx()),
                    row.apiGc().map(gc -> collections(gc.young(), gc.youngSeconds())).orElse("—"),
                    row.apiGc().map(gc -> collections(gc.full(), gc.fullSeconds())).orElse("—")));
        }
        table(List.of("scenario", "req/s", "of proxied ceiling", "of return 200", "p50 ms", "p99 ms", "p99.9 ms",
                "socket errors", "non-2xx", "api young GCs (ms stopped)", "api full GCs (ms stopped)"), rows);
        heading("Goals");
        table(List.of("goal", "course Node app", "target", "measured", "met"), goals.stream()
                .map(goal -> List.of(goal.what(), goal.reference(), goal.target(), goal.measured(),
                        goal.met() ? "met" : "**missed**"))
                .toList());
        paragraph("Chart: `throughput.png`.");
        Files.writeString(directory.resolve("report.md"), markdown);
        ImageIO.write(chart(), "png", directory.resolve("throughput.png").toFile());
        return markdown.toString();
    }

    private BufferedImage chart() {
        int rowHeight = 46;
        int left = 340;
        int width = 980;
        int height = 90 + rowHeight * throughputs.size();
        double scaleMax = Math.max(20, throughputs.stream().mapToDouble(Throughput::percentOfProxied).max().orElse(0)
                * 1.15);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString("Throughput as % of the proxied ceiling on this machine (red line: goal)", 20, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        int plotWidth = width - left - 80;
        for (int i = 0; i < throughputs.size(); i++) {
            Throughput row = throughputs.get(i);
            int y = 60 + i * rowHeight;
            int bar = (int) (plotWidth * row.percentOfProxied() / scaleMax);
            g.setColor(Color.DARK_GRAY);
            g.drawString(row.scenario(), 20, y + 20);
            g.setColor(new Color(0x3B, 0x6E, 0xA8));
            g.fillRect(left, y + 4, Math.max(1, bar), rowHeight - 16);
            g.setColor(Color.DARK_GRAY);
            g.drawString(number(row.percentOfProxied(), 1) + " %", left + bar + 6, y + 20);
            if (row.goalPercent() > 0) {
                int goalX = left + (int) (plotWidth * row.goalPercent() / scaleMax);
                g.setColor(Color.RED);
                g.setStroke(new BasicStroke(2));
                g.drawLine(goalX, y, goalX, y + rowHeight - 8);
            }
        }
        g.dispose();
        return image;
    }
}
