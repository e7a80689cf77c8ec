package dev.multidocker.bench.tracing;

import dev.multidocker.fixtures.Await;
import dev.multidocker.fixtures.stack.AppStack;
import dev.multidocker.fixtures.tracing.OtlpReceiver;
import dev.multidocker.fixtures.tracing.ReceivedSpan;

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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The trace of one POST as a waterfall: the stack with tracing on, exporting to an OTLP receiver, one warm-up POST
 * and then the one drawn, each span a bar from its start to its end, indented under its parent, so that a reader
 * sees where the milliseconds go between the route, PostgreSQL, Redis and the worker.
 * Usage: {@code bench/trace-waterfall [OUT.png]} (default target/report/trace-waterfall.png).
 */
public final class TraceWaterfall {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int WIDTH = 1100;
    private static final int ROW = 26;
    private static final int LABEL = 330;
    private static final int TOP = 60;
    private static final Map<String, Color> SERVICE_COLOURS =
            Map.of("api-server", new Color(0x2f6fb2), "worker", new Color(0xd9822b));

    private TraceWaterfall() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "target/report/trace-waterfall.png").toAbsolutePath();
        try (OtlpReceiver receiver = OtlpReceiver.started();
             AppStack stack = AppStack.started("trace-waterfall", Map.of(
                     "OTEL_TRACES_EXPORTER", "otlp",
                     "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                     "OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(),
                     "OTEL_BSP_SCHEDULE_DELAY", "200"))) {
            // The first POST loads classes and fills pools; the second shows the steady state.
            List<ReceivedSpan> warmUp = tracedPost(stack, receiver, 30);
            List<ReceivedSpan> trace = tracedPost(stack, receiver, 35);
            Files.createDirectories(out.getParent());
            ImageIO.write(draw(trace), "png", out.toFile());
            System.out.printf("warm-up trace %d spans; drawn trace %s, %d spans -> %s%n",
                    warmUp.size(), trace.get(0).traceId(), trace.size(), out);
            for (ReceivedSpan span : ordered(trace)) {
                System.out.printf("  %-10s %-28s %8.3f ms%n", span.service(), span.name(), span.durationMillis());
            }
        }
    }

    private static List<ReceivedSpan> tracedPost(AppStack stack, OtlpReceiver receiver, int index) {
        if (stack.api().submit(index).status() != 200) {
            throw new IllegalStateException("POST of " + index + " refused");
        }
        stack.api().awaitValue(index, TIMEOUT);
        return Await.value(TIMEOUT, () -> receiver.spans().stream()
                        .filter(span -> span.name().equals("insert process")
                                && String.valueOf(index).equals(span.attributes().get("fib.index")))
                        .findFirst()
                        .map(process -> receiver.trace(process.traceId()))
                        .filter(trace -> trace.stream().anyMatch(span -> span.name().equals("HSET"))
                                && trace.stream().anyMatch(span -> span.name().equals("POST /values"))))
                .orElseThrow(() -> new IllegalStateException("the trace of POST " + index + " never completed"));
    }

    /** Depth first from the root, children by start time: the order a trace UI lists them in. */
    private static List<ReceivedSpan> ordered(List<ReceivedSpan> trace) {
        List<ReceivedSpan> ordered = new ArrayList<>();
        trace.stream().filter(span -> trace.stream().noneMatch(other -> other.spanId().equals(span.parentSpanId())))
                .sorted(Comparator.comparingLong(ReceivedSpan::startNanos))
                .forEach(root -> addWithChildren(root, trace, ordered));
        return ordered;
    }

    private static void addWithChildren(ReceivedSpan span, List<ReceivedSpan> trace, List<ReceivedSpan> ordered) {
        ordered.add(span);
        trace.stream().filter(child -> child.parentSpanId().equals(span.spanId()))
                .sorted(Comparator.comparingLong(ReceivedSpan::startNanos))
                .forEach(child -> addWithChildren(child, trace, ordered));
    }

    private static int depth(ReceivedSpan span, List<ReceivedSpan> trace) {
        Optional<ReceivedSpan> parent = trace.stream().filter(other -> other.spanId().equals(span.parentSpanId())).findFirst();
        return parent.map(p -> 1 + depth(p, trace)).orElse(0);
    }

    private static BufferedImage draw(List<ReceivedSpan> trace) {
        List<ReceivedSpan> rows = ordered(trace);
        long start = rows.stream().mapToLong(ReceivedSpan::startNanos).min().orElseThrow();
        long end = rows.stream().mapToLong(ReceivedSpan::endNanos).max().orElseThrow();
        double totalMillis = (end - start) / 1e6;
        int height = TOP + rows.size() * ROW + 50;
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(String.format("One POST /values, from the route to the worker's HSET: %.1f ms (trace %s)",
                totalMillis, rows.get(0).traceId()), 12, 24);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int plotWidth = WIDTH - LABEL - 90;
        drawScale(g, totalMillis, plotWidth, TOP + rows.size() * ROW);
        for (int i = 0; i < rows.size(); i++) {
            ReceivedSpan span = rows.get(i);
            int y = TOP + i * ROW;
            g.setColor(Color.BLACK);
            g.drawString("  ".repeat(depth(span, trace)) + span.name(), 12, y + 16);
            int x = LABEL + (int) ((span.startNanos() - start) / 1e6 / totalMillis * plotWidth);
            int w = Math.max(2, (int) (span.durationMillis() / totalMillis * plotWidth));
            g.setColor(SERVICE_COLOURS.getOrDefault(span.service(), Color.GRAY));
            g.fillRect(x, y + 4, w, ROW - 8);
            g.setColor(Color.DARK_GRAY);
            g.drawString(String.format("%.2f ms", span.durationMillis()), x + w + 4, y + 16);
        }
        int legendY = height - 14;
        int x = 12;
        for (Map.Entry<String, Color> service : List.copyOf(SERVICE_COLOURS.entrySet())) {
            g.setColor(service.getValue());
            g.fillRect(x, legendY - 10, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString(service.getKey(), x + 16, legendY);
            x += 110;
        }
        g.dispose();
        return image;
    }

    private static void drawScale(Graphics2D g, double totalMillis, int plotWidth, int bottom) {
        double step = Math.pow(10, Math.floor(Math.log10(totalMillis / 4)));
        if (totalMillis / step > 10) {
            step *= 2;
        }
        g.setStroke(new BasicStroke(1));
        for (double t = 0; t <= totalMillis; t += step) {
            int x = LABEL + (int) (t / totalMillis * plotWidth);
            g.setColor(new Color(0xe4e4e4));
            g.drawLine(x, TOP - 6, x, bottom);
            g.setColor(Color.GRAY);
            g.drawString(String.format(step < 1 ? "%.1f ms" : "%.0f ms", t), x - 10, TOP - 10);
        }
    }
}
