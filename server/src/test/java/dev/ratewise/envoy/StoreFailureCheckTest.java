package dev.ratewise.envoy;

import static dev.ratewise.testing.EnvoyCheckRequests.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ratewise.identity.KeyDirectory;
import dev.ratewise.limit.LimiterSettings;
import dev.ratewise.store.CounterIncrement;
import dev.ratewise.store.CounterStore;
import dev.ratewise.store.FailurePolicy;
import dev.ratewise.testing.MutableClock;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Check when the counter store fails, under each {@code --on-store-failure} policy. The store
 * here always fails: the Redis counter store is not part of this build yet, and the policy
 * code under test is the same for any store that fails.
 */
class StoreFailureCheckTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T10:00:00.250Z"));

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "ALLOW, 0, 200",
      "DENY, 8, 429",
      "LOCAL, 0, 200",
  })
  void storeFailure_answersNormallyUnderPolicy(FailurePolicy policy, int grpcCode,
      int httpStatus) throws Exception {
    try (CheckHarness harness = harness(policy)) {

      CheckResponse response = harness.stub.check(request().apiKey("ent-acme-key").build());

      assertEquals(grpcCode, response.getStatus().getCode());
      int actualHttp = response.hasDeniedResponse()
          ? response.getDeniedResponse().getStatus().getCodeValue()
          : 200;
      assertEquals(httpStatus, actualHttp);
    }
  }

  @Test
  void errorPolicy_failsRpcWithUnavailable() throws Exception {
    try (CheckHarness harness = harness(FailurePolicy.ERROR)) {

      StatusRuntimeException error = assertThrows(StatusRuntimeException.class,
          () -> harness.stub.check(request().apiKey("ent-acme-key").build()));

      assertEquals(Status.Code.UNAVAILABLE, error.getStatus().getCode());
      assertTrue(error.getStatus().getDescription().contains("failed"));
    }
  }

  @Test
  void localPolicy_countsInProcess() throws Exception {
    try (CheckHarness harness = harness(FailurePolicy.LOCAL)) {
      for (int i = 0; i < 3; i++) {
        harness.stub.check(request().apiKey("free-bob-key").build());
      }

      CheckResponse fourth = harness.stub.check(request().apiKey("free-bob-key").build());

      assertEquals(Status.Code.RESOURCE_EXHAUSTED.value(), fourth.getStatus().getCode());
    }
  }

  private CheckHarness harness(FailurePolicy policy) throws IOException,
      dev.ratewise.config.ConfigException {
    LimiterSettings settings = new LimiterSettings(Duration.ofMillis(15), policy, 0.8, false, 0);
    return new CheckHarness(Configs.bundled(), new FailingStore(), settings, KeyDirectory.NONE,
        clock);
  }

  /** A counter store whose every call fails, as a Redis store does while Redis is down. */
  private static final class FailingStore implements CounterStore {
    @Override
    public CompletableFuture<long[]> increment(List<CounterIncrement> increments) {
      return CompletableFuture.failedFuture(new IOException("connection refused"));
    }

    @Override
    public CompletableFuture<Void> ping() {
      return CompletableFuture.failedFuture(new IOException("connection refused"));
    }

    @Override
    public String describe() {
      return "failing";
    }

    @Override
    public void close() {}
  }
}
