package dev.multidocker.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.multidocker.fixtures.nginx.Nginx;

import dev.multidocker.fixtures.nginx.NginxRouter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The project's router and client nginx configs on real nginx, with a stand-in API behind them. */
class RouterRoutingTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static StandInApi api;
    private static NginxRouter router;

    @BeforeAll
    static void startRouter() throws IOException, InterruptedException {
        assumeTrue(Nginx.installed(), Nginx.NOT_INSTALLED);
        api = StandInApi.start();
        router = NginxRouter.start(api.port());
    }

    @AfterAll
    static void stopRouter() throws IOException, InterruptedException {
        if (router != null) {
            router.close();
        }
        if (api != null) {
            api.close();
        }
    }

    @Test
    void apiRequestsReachTheApiWithoutTheApiPrefix() throws Exception {
        HttpResponse<String> response = get("/api/values/all?from=page");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(StandInApi.ALL_VALUES);
        assertThat(api.lastReceived().method()).isEqualTo("GET");
        assertThat(api.lastReceived().uri()).isEqualTo("/values/all?from=page");
        assertThat(api.lastReceived().forwardedFor()).isEqualTo("127.0.0.1");
    }

    @Test
    void aSubmittedIndexReachesTheApiAsPostedJson() throws Exception {
        String index = "{\"index\":\"5\"}";
        HttpResponse<String> response = send(HttpRequest.newBuilder(router.url("/api/values"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(index)));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(StandInApi.ACCEPTED);
        StandInApi.ReceivedRequest received = api.lastReceived();
        assertThat(received.method()).isEqualTo("POST");
        assertThat(received.uri()).isEqualTo("/values");
        assertThat(received.contentType()).isEqualTo("application/json");
        assertThat(received.body()).isEqualTo(index);
    }

    @Test
    void everyPageUrlServesTheFreshIndexHtmlSoAHardRefreshWorks() throws Exception {
        String indexHtml = Files.readString(ClientPage.indexHtml());
        for (String path : List.of("/", "/otherpage", "/otherpage/", "/index.html")) {
            HttpResponse<String> response = get(path);

            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.body()).as(path).isEqualTo(indexHtml);
            assertThat(response.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/html"));
            assertThat(response.headers().allValues("Cache-Control")).as(path).containsExactly("no-cache");
        }
    }

    @Test
    void fingerprintedAssetsAreCachedForAYear() throws Exception {
        List<String> assets = ClientPage.assetReferences();
        assertThat(assets).isNotEmpty();
        for (String asset : assets) {
            HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(router.url(asset)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());

            assertThat(response.statusCode()).as(asset).isEqualTo(200);
            assertThat(response.body()).as(asset).isEqualTo(Files.readAllBytes(ClientPage.file(asset)));
            assertThat(response.headers().allValues("Cache-Control")).as(asset)
                    .containsExactly("public, max-age=31536000, immutable");
        }
    }

    @Test
    void aMissingAssetIsNotFoundRatherThanThePage() throws Exception {
        HttpResponse<String> response = get("/assets/app.00000000.js");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).doesNotContain("Fib Calculator");
    }

    @Test
    void pageAssetsAndApiAnswersAreGzipped() throws Exception {
        String script = ClientPage.assetReferences().stream().filter(path -> path.endsWith(".js")).findFirst().orElseThrow();
        assertGzipped(script, Files.readString(ClientPage.file(script)));
        assertGzipped("/", Files.readString(ClientPage.indexHtml()));
        assertGzipped("/api/values/all", StandInApi.ALL_VALUES);
    }

    private static void assertGzipped(String path, String expectedBody) throws Exception {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(router.url(path))
                .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).as(path).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Encoding")).as(path).hasValue("gzip");
        try (GZIPInputStream unzipped = new GZIPInputStream(new ByteArrayInputStream(response.body()))) {
            assertThat(new String(unzipped.readAllBytes(), StandardCharsets.UTF_8)).as(path).isEqualTo(expectedBody);
        }
    }

    @Test
    void anOversizedBodyIsRefusedBeforeItReachesTheApi() throws Exception {
        int requestsBefore = api.received().size();
        String oversized = "{\"index\":\"" + "7".repeat(64 * 1024) + "\"}";

        HttpResponse<String> response = send(HttpRequest.newBuilder(router.url("/api/values"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(oversized)));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(api.received()).hasSize(requestsBefore);
    }

    @Test
    void pagesAndApiAnswersCarrySecurityHeaders() throws Exception {
        for (String path : List.of("/", "/api/values/current", "/assets/app.00000000.js")) {
            HttpResponse<String> response = get(path);

            assertThat(response.headers().firstValue("X-Content-Type-Options")).as(path).hasValue("nosniff");
            assertThat(response.headers().firstValue("X-Frame-Options")).as(path).hasValue("DENY");
            assertThat(response.headers().firstValue("Referrer-Policy")).as(path).hasValue("strict-origin-when-cross-origin");
            assertThat(response.headers().firstValue("Content-Security-Policy")).as(path).hasValueSatisfying(policy ->
                    assertThat(policy).contains("default-src 'self'", "frame-ancestors 'none'", "object-src 'none'"));
            // No version number in the Server header for scanners to match against known flaws.
            assertThat(response.headers().firstValue("Server")).as(path).hasValue("nginx");
        }
    }

    @Test
    void requestsReuseOneKeptAliveConnectionToTheApi() throws Exception {
        get("/api/values/current");
        get("/api/values/current");
        get("/api/values/current");

        List<StandInApi.ReceivedRequest> received = api.received();
        List<StandInApi.ReceivedRequest> lastThree = received.subList(received.size() - 3, received.size());
        assertThat(lastThree).extracting(StandInApi.ReceivedRequest::from).containsOnly(lastThree.get(0).from());
    }

    @Test
    void routingRecoversWhenTheApiIsRestarted() throws Exception {
        assertThat(get("/api/values/current").statusCode()).isEqualTo(200);

        api.stop();
        try {
            HttpResponse<String> whileDown = get("/api/values/current");

            assertThat(whileDown.statusCode()).isEqualTo(502);
            assertThat(whileDown.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(whileDown.body()).contains("\"error\":\"The API cannot be reached right now.");
        } finally {
            api.startAgain();
        }

        HttpResponse<String> afterRestart = get("/api/values/current");
        assertThat(afterRestart.statusCode()).isEqualTo(200);
        assertThat(afterRestart.body()).isEqualTo(StandInApi.CURRENT_VALUES);
    }

    @Test
    void stubStatusAnswersOnTheInternalPortOnly() throws Exception {
        HttpResponse<String> status = send(HttpRequest.newBuilder(router.statusUrl("/stub_status")));

        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(status.body()).startsWith("Active connections: ").contains("server accepts handled requests");
        // On the public port the path is the client's, never nginx's counters.
        assertThat(get("/stub_status").body()).doesNotContain("Active connections");
    }

    @Test
    void theApisMetricsAreNotPublic() throws Exception {
        HttpResponse<String> response = get("/api/prometheus");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(api.received()).noneMatch(request -> request.uri().startsWith("/prometheus"));
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(router.url(path)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
