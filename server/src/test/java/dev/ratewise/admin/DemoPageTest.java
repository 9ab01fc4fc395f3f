package dev.ratewise.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratewise.Ratewise;
import dev.ratewise.ServerSettings;
import dev.ratewise.tuning.TuningObserver;
import dev.ratewise.tuning.forecast.Forecast;
import dev.ratewise.tuning.forecast.SurgeClass;
import io.envoyproxy.envoy.extensions.common.ratelimit.v3.RateLimitDescriptor;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitServiceGrpc;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Loads /demo in Debian's headless Chromium against a running ratewise with live traffic,
 * checks that the charts fill, approves a pending change by clicking, and checks through the
 * admin API that the new limit is live. Approvals come from {@link InMemoryAdmin} and forecasts
 * are reported to the tuning observer by the test, both standing in for the decision loop,
 * which is built on another branch. The screenshot lands in target/demo-screenshot.png.
 */
class DemoPageTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private Ratewise ratewise;
  private ManagedChannel channel;
  private ScheduledExecutorService traffic;
  private WebDriver browser;

  @BeforeEach
  void start() throws Exception {
    ratewise = Ratewise.start(ServerSettings.forTests(null, dir), Clock.systemUTC(),
        InMemoryAdmin::new);
    channel = Grpc.newChannelBuilderForAddress("127.0.0.1", ratewise.grpcPort(),
        InsecureChannelCredentials.create()).build();
    traffic = Executors.newSingleThreadScheduledExecutor();
    browser = headlessChromium(dir.resolve("chromium-profile"));
  }

  @AfterEach
  void stop() throws InterruptedException {
    if (browser != null) {
      browser.quit();
    }
    traffic.shutdownNow();
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    ratewise.close();
  }

  @Test
  void dashboardWithTraffic_showsDataAndApprovesChange() throws Exception {
    // Every 50 ms: acme sends 3 (60/s, above its 15/s), globex 1, initech 1 and alice 1.
    traffic.scheduleAtFixedRate(this::sendBurst, 0, 50, TimeUnit.MILLISECONDS);
    reportForecasts(ratewise.metrics().tuningObserver());
    WebDriverWait wait = new WebDriverWait(browser, WAIT);

    browser.get("http://127.0.0.1:" + ratewise.httpPort() + "/demo");
    wait.until(d -> number(d, "return window.ratewiseDemo.samples.length") >= 4);
    wait.until(d -> number(d, "return Chart.getChart('chart-traffic-enterprise')"
        + ".data.datasets[2].data.filter(v => v > 0).length") >= 1);
    WebElement approve = wait.until(ExpectedConditions.elementToBeClickable(
        By.cssSelector("button.approve[data-approval-id='apr-0000001']")));
    approve.click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(
        By.id("approvals-message"), "apr-0000001 approved"));
    askQuestion(wait);
    long samplesAfterApproval = number(browser, "return window.ratewiseDemo.samples.length");
    wait.until(d -> number(d, "return window.ratewiseDemo.samples.length")
        >= samplesAfterApproval + 2);
    Path screenshot = saveScreenshot();

    assertEquals(45, enterpriseLimit().path("effective").asLong());
    assertEquals("LIMIT_SOURCE_APPROVAL", enterpriseLimit().path("source").asText());
    assertTrue(number(browser, "return Chart.getChart('chart-limits').data.datasets[0]"
        + ".data.filter(v => v === 45).length") >= 1);
    assertTrue(number(browser, "return Chart.getChart('chart-revenue').data.datasets[0]"
        + ".data.filter(v => v > 0).length") >= 1);
    assertTrue(browser.findElement(By.id("surge-banner")).isDisplayed());
    assertTrue(browser.findElement(By.id("surge-banner")).getText()
        .contains("Surge predicted for enterprise"));
    assertTrue(browser.findElement(By.id("decisions")).getText().contains("cyc-0000001"));
    assertTrue(browser.findElement(By.id("approvals-empty")).isDisplayed());
    assertTrue(Files.size(screenshot) > 10_000);
  }

  private void askQuestion(WebDriverWait wait) {
    browser.findElement(By.id("explain-question")).sendKeys("why did enterprise go to 45?");
    browser.findElement(By.cssSelector("#explain-form button")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("explain-log"),
        "answered by template"));
  }

  private void sendBurst() {
    RateLimitServiceGrpc.RateLimitServiceBlockingStub stub =
        RateLimitServiceGrpc.newBlockingStub(channel);
    for (int i = 0; i < 3; i++) {
      stub.shouldRateLimit(request("enterprise", "acme"));
    }
    stub.shouldRateLimit(request("enterprise", "globex"));
    stub.shouldRateLimit(request("professional", "initech"));
    stub.shouldRateLimit(request("free", "alice"));
  }

  private static RateLimitRequest request(String tier, String tenant) {
    return RateLimitRequest.newBuilder().setDomain("ratewise")
        .addDescriptors(RateLimitDescriptor.newBuilder()
            .addEntries(RateLimitDescriptor.Entry.newBuilder().setKey("tier").setValue(tier))
            .addEntries(RateLimitDescriptor.Entry.newBuilder().setKey("tenant")
                .setValue(tenant)))
        .build();
  }

  private static void reportForecasts(TuningObserver tuning) {
    tuning.onForecast(InMemoryAdmin.ENTERPRISE, new Forecast(60, 95, SurgeClass.SURGE, 0.85));
    tuning.onForecast("ratewise.tier_professional.tenant",
        new Forecast(20, 21, SurgeClass.NORMAL, 0.05));
    tuning.onForecast("ratewise.tier_free.tenant", new Forecast(20, 20, SurgeClass.NORMAL, 0.02));
    tuning.onPendingApprovals(1);
  }

  private JsonNode enterpriseLimit() throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + ratewise.httpPort() + "/admin/limits")).build(),
        HttpResponse.BodyHandlers.ofString());
    for (JsonNode limit : JSON.readTree(response.body()).path("limits")) {
      if (limit.path("rule").asText().equals(InMemoryAdmin.ENTERPRISE)) {
        return limit;
      }
    }
    throw new AssertionError("no enterprise limit in " + response.body());
  }

  private Path saveScreenshot() throws Exception {
    File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
    Path target = Path.of("target", "demo-screenshot.png");
    Files.createDirectories(target.getParent());
    return Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
  }

  private static long number(WebDriver driver, String script) {
    Object value = ((JavascriptExecutor) driver).executeScript(script);
    return value instanceof Number n ? n.longValue() : -1;
  }

  /**
   * Starts Debian's Chromium through its own chromedriver. Naming both binaries keeps Selenium
   * Manager from downloading a browser or driver.
   */
  private static WebDriver headlessChromium(Path profile) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary("/usr/bin/chromium");
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--user-data-dir=" + profile, "--window-size=1440,2000");
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(new File("/usr/bin/chromedriver"))
        .usingAnyFreePort()
        .build();
    return new ChromeDriver(service, options);
  }
}
