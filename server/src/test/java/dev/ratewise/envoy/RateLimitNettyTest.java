package dev.ratewise.envoy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ratewise.Ratewise;
import dev.ratewise.ServerSettings;
import io.envoyproxy.envoy.extensions.common.ratelimit.v3.RateLimitDescriptor;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthGrpc;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole sidecar on real Netty over loopback, with the bundled business-tier config. */
class RateLimitNettyTest {
  @TempDir Path stateDir;
  private Ratewise ratewise;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    ratewise = Ratewise.start(ServerSettings.forTests(null, stateDir), Clock.systemUTC());
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", ratewise.grpcPort())
        .usePlaintext().build();
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    ratewise.close();
  }

  static RateLimitRequest enterprise(String tenant) {
    return RateLimitRequest.newBuilder().setDomain("ratewise")
        .addDescriptors(RateLimitDescriptor.newBuilder()
            .addEntries(RateLimitDescriptor.Entry.newBuilder().setKey("tier").setValue(
                "enterprise"))
            .addEntries(RateLimitDescriptor.Entry.newBuilder().setKey("tenant").setValue(tenant)))
        .build();
  }

  @Test
  void enterpriseTenant_isAllowedFifteenPerSecondThenDenied() {
    RateLimitServiceGrpc.RateLimitServiceBlockingStub stub =
        RateLimitServiceGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS);

    // Send 16 requests inside one window; retry when a window boundary splits them.
    for (int attempt = 0; attempt < 3; attempt++) {
      String tenant = "tenant-" + attempt;
      long windowBefore = Instant.now().getEpochSecond();
      int allowed = 0;
      RateLimitResponse last = null;
      for (int i = 0; i < 16; i++) {
        last = stub.shouldRateLimit(enterprise(tenant));
        if (last.getOverallCode() == RateLimitResponse.Code.OK) {
          allowed++;
        }
      }
      if (Instant.now().getEpochSecond() != windowBefore) {
        continue;
      }
      assertEquals(15, allowed);
      assertEquals(RateLimitResponse.Code.OVER_LIMIT, last.getOverallCode());
      assertEquals(15, last.getStatuses(0).getCurrentLimit().getRequestsPerUnit());
      return;
    }
    throw new AssertionError("every attempt crossed a window boundary");
  }

  @Test
  void health_isServingOnceStarted() {
    HealthGrpc.HealthBlockingStub health = HealthGrpc.newBlockingStub(channel);

    HealthCheckResponse.ServingStatus status = awaitServing(health);

    assertEquals(HealthCheckResponse.ServingStatus.SERVING, status);
  }

  @Test
  void expiredDeadline_failsWithDeadlineExceeded() {
    RateLimitServiceGrpc.RateLimitServiceBlockingStub stub =
        RateLimitServiceGrpc.newBlockingStub(channel).withDeadlineAfter(1, TimeUnit.NANOSECONDS);

    StatusRuntimeException error = org.junit.jupiter.api.Assertions.assertThrows(
        StatusRuntimeException.class, () -> stub.shouldRateLimit(enterprise("late")));

    assertEquals(Status.Code.DEADLINE_EXCEEDED, error.getStatus().getCode());
  }

  @Test
  void messageOverSizeLimit_isRejectedByTransport() {
    String huge = "x".repeat(9 * 1024 * 1024);
    RateLimitServiceGrpc.RateLimitServiceBlockingStub stub =
        RateLimitServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);

    StatusRuntimeException error = org.junit.jupiter.api.Assertions.assertThrows(
        StatusRuntimeException.class, () -> stub.shouldRateLimit(enterprise(huge)));

    assertEquals(Status.Code.RESOURCE_EXHAUSTED, error.getStatus().getCode());
    assertTrue(ratewise.isReady());
  }

  private static HealthCheckResponse.ServingStatus awaitServing(HealthGrpc.HealthBlockingStub
      health) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(5));
    HealthCheckResponse.ServingStatus status = HealthCheckResponse.ServingStatus.UNKNOWN;
    while (Instant.now().isBefore(deadline)) {
      status = health.check(HealthCheckRequest.getDefaultInstance()).getStatus();
      if (status == HealthCheckResponse.ServingStatus.SERVING) {
        return status;
      }
      Thread.onSpinWait();
    }
    return status;
  }
}
