package dev.multidocker.container;

import dev.multidocker.fixtures.Await;
import dev.multidocker.fixtures.tracing.OtlpReceiver;
import dev.multidocker.fixtures.tracing.ReceivedSpan;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.images.builder.Transferable;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;

/**
 * What runs in place of the AWS Distro for OpenTelemetry collector, whose image (public.ecr.aws) cannot be
 * pulled here: the router image's nginx, answering OTLP/HTTP on the collector's port 4318 as the collector does
 * (200 to {@code POST /v1/traces}) and logging each request's body, from which {@link #spans} decodes what
 * was exported. It proves what the Dockerrun file wires (the apps' OTEL_* settings, the link to the collector's
 * name, its port), not the collector's own configuration, which is the image's.
 */
final class CollectorStandIn {

    private static final String LOG = "/tmp/otlp-requests.log";
    private static final String CONFIG = """
            pid /tmp/otlp-nginx.pid;
            events {}
            http {
                client_body_temp_path /tmp/otlp-body;
                proxy_temp_path /tmp/otlp-proxy;
                fastcgi_temp_path /tmp/otlp-fastcgi;
                uwsgi_temp_path /tmp/otlp-uwsgi;
                scgi_temp_path /tmp/otlp-scgi;
                # $request_body is set only for a body read into memory: an export of a few spans is a few KiB.
                client_body_buffer_size 4m;
                client_max_body_size 4m;
                log_format body '$request_body';
                server {
                    listen 4318;
                    access_log %s body;
                    # nginx reads a request's body only to pass it on; the answer comes from the server below.
                    location = /v1/traces { proxy_pass http://127.0.0.1:4319; }
                    location / { return 404; }
                }
                server {
                    listen 127.0.0.1:4319;
                    access_log off;
                    location / { return 200; }
                }
            }
            """.formatted(LOG);

    private CollectorStandIn() {
    }

    /** The container to run for the collector's definition. */
    static GenericContainer<?> container() {
        return new GenericContainer<>(ProjectImage.NGINX.tag())
                .withCopyToContainer(Transferable.of(CONFIG), "/tmp/otlp-nginx.conf")
                .withCreateContainerCmdModifier(command -> command.withEntrypoint("nginx"))
                .withCommand("-c", "/tmp/otlp-nginx.conf", "-e", "/tmp/otlp-error.log", "-g", "daemon off;");
    }

    /** The spans exported to the stand-in so far. */
    static List<ReceivedSpan> spans(GenericContainer<?> standIn) {
        try {
            Container.ExecResult log = standIn.execInContainer("cat", LOG);
            List<ReceivedSpan> spans = new ArrayList<>();
            // nginx logs "-" for a request without a body.
            for (String line : log.getStdout().lines().filter(line -> !line.equals("-")).toList()) {
                spans.addAll(OtlpReceiver.decode(unescape(line)));
            }
            return spans;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + LOG + " of the collector's stand-in", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The spans exported once {@code complete} holds for them, or those there when {@code timeout} is up. */
    static List<ReceivedSpan> spansOnce(GenericContainer<?> standIn, Duration timeout,
                                        Predicate<List<ReceivedSpan>> complete) {
        // Each look is a docker exec: a few a second are enough for batches sent every few seconds.
        Await.until(timeout, Duration.ofMillis(200), () -> complete.test(spans(standIn)));
        return spans(standIn);
    }

    /** The body's bytes from nginx's log, which writes those outside printable ASCII, and quote and backslash, as \\xHH. */
    private static byte[] unescape(String logged) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(logged.length());
        for (int i = 0; i < logged.length(); i++) {
            if (logged.startsWith("\\x", i)) {
                bytes.write(HexFormat.fromHexDigits(logged, i + 2, i + 4));
                i += 3;
            } else {
                bytes.write(logged.charAt(i));
            }
        }
        return bytes.toByteArray();
    }
}
