package dev.multidocker.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.multidocker.fixtures.Fibonacci;
import dev.multidocker.fixtures.nginx.Nginx;

import dev.multidocker.fixtures.nginx.NginxRouter;
import dev.multidocker.fixtures.stack.AppStack;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page as a person uses it, in headless Chromium, through the project's router and client nginx
 * in front of the real api-server and worker on real PostgreSQL and Redis.
 */
class FibCalculatorPageTest {

    private static final Duration UI_TIMEOUT = Duration.ofSeconds(30);
    private static final Dimension DESKTOP = new Dimension(1280, 900);
    private static final Dimension PHONE = new Dimension(375, 812);
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /** Set on the loaded page; a reload would clear it. */
    private static final String LOAD_MARKER = "window.loadedOnce";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path browserProfile;

    private static AppStack stack;
    private static NginxRouter router;
    private static HeadlessChromium chromium;

    private ChromeDriver browser;
    private WebDriverWait wait;

    @BeforeAll
    static void start() throws Exception {
        HeadlessChromium.assumeInstalled();
        assumeTrue(Nginx.installed(), Nginx.NOT_INSTALLED);
        stack = AppStack.started("browser");
        router = NginxRouter.start(stack.apiProcess().url("/").getPort());
        chromium = HeadlessChromium.start(browserProfile, DESKTOP.width, DESKTOP.height);
    }

    @AfterAll
    static void stop() throws Exception {
        try (AppStack ignoredStack = stack; NginxRouter ignoredRouter = router; HeadlessChromium ignoredChromium = chromium) {
            // try-with-resources closes whichever of them started, browser first.
        }
    }

    @BeforeEach
    void openHome() {
        browser = chromium.driver();
        browser.manage().window().setSize(DESKTOP);
        wait = new WebDriverWait(browser, UI_TIMEOUT);
        browser.get(router.url("/").toString());
        browser.executeScript(LOAD_MARKER + " = true;");
    }

    @AfterEach
    void workerRunsAgain() {
        if (!stack.worker().isAlive()) {
            stack.startWorker().awaitReady(AppStack.READY_TIMEOUT);
        }
    }

    @Test
    void aSubmittedIndexShowsItsValueWithoutAReload() throws Exception {
        WebElement input = browser.findElement(By.id("index-input"));
        input.sendKeys("23");
        // Keyboard only: Tab to the button, Space to press it.
        input.sendKeys(Keys.TAB);
        WebElement submit = browser.switchTo().activeElement();
        assertThat(submit.getAttribute("id")).isEqualTo("submit-button");
        submit.sendKeys(Keys.SPACE);

        wait.until(valueLine(23, Fibonacci.of(23).toString()));
        assertThat(browser.findElement(By.id("seen-indexes")).getText()).contains("23");
        assertThat(input.getAttribute("value")).isEmpty();
        assertThat(pageWasNotReloaded()).isTrue();

        Files.createDirectories(SCREENSHOTS);
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve("main-page.png"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void aPendingEntryIsShownAsPendingUntilTheWorkerComputesIt() {
        stack.worker().stop();
        submitIndex("31");

        WebElement pendingLine = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#calculated-values li.pending[data-index='31'] .pending-badge")));
        assertThat(pendingLine.getText()).isEqualTo("calculating…");

        stack.startWorker().awaitReady(AppStack.READY_TIMEOUT);

        wait.until(valueLine(31, Fibonacci.of(31).toString()));
        assertThat(browser.findElements(By.cssSelector("#calculated-values li.pending"))).isEmpty();
        assertThat(pageWasNotReloaded()).isTrue();
    }

    @Test
    void anIndexAboveTheLimitIsRefusedInTheApisWords() throws Exception {
        submitIndex("41");

        String message = awaitFormMessage();
        assertThat(message).contains("Index too high").isEqualTo(apiErrorFor("41"));
        assertThat(browser.findElement(By.id("index-input")).getAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.findElement(By.id("calculated-values")).getText()).doesNotContain("For index 41 ");
    }

    @Test
    void inputThatIsNotAnIndexIsRefusedInTheApisWords() throws Exception {
        submitIndex("abc");

        assertThat(awaitFormMessage()).isEqualTo(apiErrorFor("abc"));
    }

    @Test
    void otherPageAndBackWithoutReloading() {
        browser.findElement(By.linkText("Other Page")).click();

        wait.until(ExpectedConditions.urlToBe(router.url("/otherpage").toString()));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//h2[text()='Im some other page!']")));
        assertThat(browser.findElement(By.id("index-form")).isDisplayed()).isFalse();

        browser.navigate().back();

        wait.until(ExpectedConditions.urlToBe(router.url("/").toString()));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("index-input")));
        assertThat(pageWasNotReloaded()).isTrue();
    }

    @Test
    void aHardRefreshOnOtherPageShowsOtherPage() {
        browser.get(router.url("/otherpage").toString());
        browser.navigate().refresh();

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.xpath("//h2[text()='Im some other page!']")));
        assertThat(browser.getTitle()).startsWith("Other Page");

        browser.findElement(By.linkText("Go back home")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("index-input")));
    }

    @Test
    void thePageFitsAPhoneScreen() {
        browser.manage().window().setSize(PHONE);
        browser.navigate().refresh();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("index-input")));

        Object overflow = browser.executeScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(((Number) overflow).intValue()).as("pixels of sideways scrolling").isZero();
        WebElement submit = browser.findElement(By.id("submit-button"));
        assertThat(submit.getRect().getX() + submit.getRect().getWidth())
                .isLessThanOrEqualTo(((Number) browser.executeScript("return window.innerWidth;")).intValue());
    }

    private void submitIndex(String index) {
        WebElement input = browser.findElement(By.id("index-input"));
        input.clear();
        input.sendKeys(index, Keys.ENTER);
    }

    private String awaitFormMessage() {
        By message = By.id("form-message");
        wait.until(ExpectedConditions.visibilityOfElementLocated(message));
        return browser.findElement(message).getText();
    }

    /** What the API answers for this index through the router, as a user's browser would get it. */
    private static String apiErrorFor(String index) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(router.url("/api/values"))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("index", index))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isBetween(400, 499);
        return JSON.readTree(response.body()).get("error").asText();
    }

    private static ExpectedCondition<Boolean> valueLine(int index, String value) {
        By line = By.cssSelector("#calculated-values li[data-index='" + index + "']");
        return ExpectedConditions.textToBe(line, "For index " + index + " I calculated " + value);
    }

    private boolean pageWasNotReloaded() {
        return Boolean.TRUE.equals(browser.executeScript("return " + LOAD_MARKER + " === true;"));
    }
}
