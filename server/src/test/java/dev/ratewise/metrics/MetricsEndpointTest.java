package dev.ratewise.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ratewise.Ratewise;
import dev.ratewise.ServerSettings;
import dev.ratewise.testing.MutableClock;
import dev.ratewise.tuning.TuningObserver;
import dev.ratewise.tuning.forecast.Forecast;
import dev.ratewise.tuning.forecast.SurgeClass;
import io.envoyproxy.envoy.extensions.common.ratelimit.v3.RateLimitDescriptor;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitServiceGrpc;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives ShouldRateLimit through a running ratewise, scrapes /metrics over HTTP and checks the
 * text with promtool and by value. The decision loop is built on another branch, so the test
 * reports tuning events to the observer itself, as the loop will.
 */
class MetricsEndpointTest {
  private static final String CONFIG = """
      domain: ratewise
      descriptors:
        - key: tier
          value: enterprise
          descriptors:
            - key: tenant
              rate_limit: {unit: minute, requests_per_unit: 3}
              adaptive: {min: 3, max: 30, revenue_per_request: 0.20}
        - key: tier
          value: free
          descriptors:
            - key: tenant
              detailed_metric: true
              rate_limit: {unit: minute, requests_per_unit: 100}
      """;
  private static final String ENTERPRISE = "ratewise.tier_enterprise.tenant";
  private static final String FREE = "ratewise.tier_free.tenant";

  @TempDir
  Path dir;

  private Ratewise ratewise;
  private ManagedChannel channel;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void startRatewise() throws Exception {
    Files.writeString(dir.resolve("config.yaml"), CONFIG);
    ratewise = Ratewise.start(ServerSettings.forTests(dir.resolve("config.yaml"), dir),
        new MutableClock(Instant.parse("2026-12-04T20:00:10Z")));
    channel = Grpc.newChannelBuilderForAddress("127.0.0.1", ratewise.grpcPort(),
        InsecureChannelCredentials.create()).build();
  }

  @AfterEach
  void stopRatewise() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    ratewise.close();
  }

  @Test
  void scrapeAfterTraffic_passesPromtoolWithExpectedValues() throws Exception {
    sendRequests("enterprise", "acme-private-tenant", 5);
    sendRequests("free", "bob-opted-in", 2);
    reportTuning(ratewise.metrics().tuningObserver());

    String text = scrape();
    ScrapedMetrics metrics = new ScrapedMetrics(text);

    assertEquals("", promtoolProblems(text));
    assertEquals(2, value(metrics, "ratewise_decisions_total", "rule", ENTERPRISE,
        "outcome", "ok", "domain", "ratewise"));
    assertEquals(1, value(metrics, "ratewise_decisions_total", "rule", ENTERPRISE,
        "outcome", "near_limit"));
    assertEquals(2, value(metrics, "ratewise_decisions_total", "rule", ENTERPRISE,
        "outcome", "over_limit"));
    assertEquals(0, value(metrics, "ratewise_decisions_total", "rule", ENTERPRISE,
        "outcome", "shadow"));
    assertEquals(5, value(metrics, "ratewise_hits_total", "rule", ENTERPRISE));
    assertEquals(1, value(metrics, "ratewise_local_cache_answers_total"));
    assertEquals(0.6, value(metrics, "ratewise_revenue_served_dollars_total",
        "tier", "enterprise"), 1e-9);
    assertEquals(0.4, value(metrics, "ratewise_revenue_denied_dollars_total",
        "tier", "enterprise"), 1e-9);
    assertEquals(7, value(metrics, "ratewise_request_duration_seconds_count",
        "rpc", "ShouldRateLimit"));
    assertEquals(0, value(metrics, "ratewise_request_duration_seconds_count", "rpc", "Check"));
    assertEquals(6, value(metrics, "ratewise_store_duration_seconds_count",
        "store", "in-process"));
    assertEquals(0, value(metrics, "ratewise_store_errors_total"));
    assertEquals(3, value(metrics, "ratewise_limit_current", "rule", ENTERPRISE));
    assertEquals(3, value(metrics, "ratewise_limit_baseline", "rule", ENTERPRISE));
    assertEquals(0, value(metrics, "ratewise_degraded"));
    assertEquals(0, value(metrics, "ratewise_degraded_transitions_total",
        "direction", "enter"));
    assertEquals(0, value(metrics, "ratewise_config_reloads_total", "result", "ok"));
    assertTrue(value(metrics, "jvm_memory_used_bytes", "area", "heap", "id",
        "G1 Eden Space") >= 0);
  }

  @Test
  void scrapeAfterTraffic_hasTuningSeries() throws Exception {
    reportTuning(ratewise.metrics().tuningObserver());

    ScrapedMetrics metrics = new ScrapedMetrics(scrape());

    assertEquals(42.5, value(metrics, "ratewise_forecast_demand_rps", "rule", ENTERPRISE));
    assertEquals(0.85, value(metrics, "ratewise_surge_probability", "rule", ENTERPRISE));
    assertEquals(1, value(metrics, "ratewise_surge_class", "rule", ENTERPRISE,
        "class", "surge"));
    assertEquals(0, value(metrics, "ratewise_surge_class", "rule", ENTERPRISE,
        "class", "normal"));
    assertEquals(1, value(metrics, "ratewise_advisor_calls_total", "advisor", "ollama",
        "result", "failed"));
    assertEquals(1, value(metrics, "ratewise_advisor_calls_total", "advisor", "heuristic",
        "result", "ok"));
    assertEquals(1, value(metrics, "ratewise_advisor_duration_seconds_count",
        "advisor", "ollama"));
    assertEquals(1, value(metrics, "ratewise_advisor_fallbacks_total", "reason", "timeout"));
    assertEquals(2, value(metrics, "ratewise_approvals_pending"));
  }

  @Test
  void callerValues_stayOutOfLabelsUnlessDetailed() throws Exception {
    sendRequests("enterprise", "acme-private-tenant", 2);
    sendRequests("free", "bob-opted-in", 1);

    String text = scrape();
    ScrapedMetrics metrics = new ScrapedMetrics(text);

    assertFalse(text.contains("acme-private-tenant"));
    assertTrue(metrics.labelValues("ratewise_decisions_total", "rule")
        .contains(FREE + ":tier_free.tenant_bob-opted-in"));
    assertEquals(1, value(metrics, "ratewise_decisions_total", "rule",
        FREE + ":tier_free.tenant_bob-opted-in", "outcome", "ok"));
  }

  @Test
  void configReload_isCountedAndAddsLimitGauges() throws Exception {
    Files.writeString(dir.resolve("config.yaml"), CONFIG
        + "  - key: tier\n"
        + "    value: professional\n"
        + "    descriptors:\n"
        + "      - key: tenant\n"
        + "        rate_limit: {unit: minute, requests_per_unit: 7}\n");
    ScrapedMetrics afterGood = awaitScrape("ratewise_config_reloads_total", "result", "ok");
    Files.writeString(dir.resolve("config.yaml"), "domain: [not, a, domain]\n");
    ScrapedMetrics afterBad = awaitScrape("ratewise_config_reloads_total", "result", "failed");

    assertEquals(7, value(afterGood, "ratewise_limit_baseline",
        "rule", "ratewise.tier_professional.tenant"));
    assertEquals(1, value(afterBad, "ratewise_config_reloads_total", "result", "ok"));
    assertEquals(1, value(afterBad, "ratewise_config_reloads_total", "result", "failed"));
  }

  private static void reportTuning(TuningObserver tuning) {
    tuning.onForecast(ENTERPRISE, new Forecast(20, 42.5, SurgeClass.SURGE, 0.85));
    tuning.onAdvisorCall("ollama", false, 2_000);
    tuning.onFallback("TIMEOUT");
    tuning.onAdvisorCall("heuristic", true, 3);
    tuning.onPendingApprovals(2);
  }

  private static double value(ScrapedMetrics metrics, String name, String... labels) {
    return metrics.value(name, labels).orElseThrow(
        () -> new AssertionError("no series " + name + " " + String.join(",", labels)));
  }

  private void sendRequests(String tier, String tenant, int count) {
    RateLimitServiceGrpc.RateLimitServiceBlockingStub stub =
        RateLimitServiceGrpc.newBlockingStub(channel);
    RateLimitRequest request = RateLimitRequest.newBuilder()
        .setDomain("ratewise")
        .addDescriptors(RateLimitDescriptor.newBuilder()
            .addEntries(entry("tier", tier))
            .addEntries(entry("tenant", tenant)))
        .build();
    for (int i = 0; i < count; i++) {
      stub.shouldRateLimit(request);
    }
  }

  private static RateLimitDescriptor.Entry entry(String key, String value) {
    return RateLimitDescriptor.Entry.newBuilder().setKey(key).setValue(value).build();
  }

  private String scrape() throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + ratewise.httpPort() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());
    assertTrue(response.headers().firstValue("Content-Type").orElse("")
        .startsWith("text/plain; version=0.0.4"));
    return response.body();
  }

  /** Scrapes until a series reaches 1, for changes that background polling makes. */
  private ScrapedMetrics awaitScrape(String name, String... labels) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      ScrapedMetrics metrics = new ScrapedMetrics(scrape());
      if (metrics.value(name, labels).orElse(0) >= 1) {
        return metrics;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError(name + " did not reach 1 within 10 s");
      }
      Thread.onSpinWait();
    }
  }

  /** Runs {@code promtool check metrics} on the text; returns its output when it fails. */
  private static String promtoolProblems(String text) throws Exception {
    Process promtool = new ProcessBuilder("promtool", "check", "metrics")
        .redirectErrorStream(true).start();
    try (var stdin = promtool.getOutputStream()) {
      stdin.write(text.getBytes(StandardCharsets.UTF_8));
    }
    String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(promtool.waitFor(30, TimeUnit.SECONDS), "promtool did not finish in 30 s");
    return promtool.exitValue() == 0 ? "" : "exit " + promtool.exitValue() + ": " + output;
  }
}
