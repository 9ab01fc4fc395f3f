package dev.ratewise.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ratewise.Ratewise;
import dev.ratewise.ServerSettings;
import dev.ratewise.admin.v1.RunCycleRequest;
import dev.ratewise.testing.EnvoyCheckRequests;
import io.envoyproxy.envoy.extensions.common.ratelimit.v3.RateLimitDescriptor;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every metric the Grafana dashboard in deploy/ queries must exist in a real scrape of
 * ratewise's /metrics after ShouldRateLimit and Check traffic and one tuning cycle. Grafana
 * itself cannot run here, so this compares the dashboard's PromQL with the scraped text.
 */
class DashboardScrapeTest {
  @TempDir Path stateDir;

  @Test
  void dashboardMetrics_allExistAfterTraffic() throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DashboardMetrics.DASHBOARD));
    Set<String> queried = DashboardMetrics.metricNames(dashboard);
    ServerSettings base = ServerSettings.forTests(null, stateDir);
    ServerSettings.TuningSettings tuning = base.tuning();
    ServerSettings settings = base.withTuning(new ServerSettings.TuningSettings(true,
        Duration.ofHours(1), tuning.ollamaUrl(), tuning.model(), tuning.advisorTimeout(),
        stateDir));

    String text;
    try (Ratewise ratewise = Ratewise.start(settings, Clock.systemUTC())) {
      sendTraffic(ratewise.grpcPort());
      ratewise.admin().runCycle(RunCycleRequest.getDefaultInstance(), "test");
      text = scrape(ratewise.httpPort());
    }

    Set<String> missing = new TreeSet<>();
    for (String name : queried) {
      if (!hasSample(text, name)) {
        missing.add(name);
      }
    }
    assertFalse(queried.isEmpty(), "the dashboard queries no metric");
    assertEquals(Set.of(), missing, "queried by the dashboard but absent from /metrics");
  }

  private static void sendTraffic(int grpcPort) {
    ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort)
        .usePlaintext().build();
    try {
      RateLimitServiceGrpc.RateLimitServiceBlockingStub rls =
          RateLimitServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
      RateLimitRequest request = RateLimitRequest.newBuilder().setDomain("ratewise")
          .addDescriptors(RateLimitDescriptor.newBuilder()
              .addEntries(RateLimitDescriptor.Entry.newBuilder().setKey("tier")
                  .setValue("free"))
              .addEntries(RateLimitDescriptor.Entry.newBuilder().setKey("tenant")
                  .setValue("alice")))
          .build();
      for (int i = 0; i < 5; i++) {
        rls.shouldRateLimit(request);
      }
      AuthorizationGrpc.AuthorizationBlockingStub check =
          AuthorizationGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);
      for (int i = 0; i < 5; i++) {
        check.check(EnvoyCheckRequests.request().apiKey("ent-acme-key").build());
      }
    } finally {
      channel.shutdownNow();
    }
  }

  private static String scrape(int httpPort) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());
    return response.body();
  }

  private static boolean hasSample(String text, String name) {
    for (String line : text.split("\n")) {
      if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
        return true;
      }
    }
    return false;
  }
}
