package dev.ratewise.envoy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.UInt64Value;
import dev.ratewise.config.ConfigLoader;
import dev.ratewise.limit.Limiter;
import dev.ratewise.limit.LimiterObserver;
import dev.ratewise.limit.LimiterSettings;
import dev.ratewise.limit.Limits;
import dev.ratewise.limit.LimitsHolder;
import dev.ratewise.store.DegradedMode;
import dev.ratewise.store.local.LocalCounterStore;
import dev.ratewise.testing.MutableClock;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.extensions.common.ratelimit.v3.RateLimitDescriptor;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitServiceGrpc;
import io.envoyproxy.envoy.type.v3.RateLimitUnit;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * ShouldRateLimit on an in-process gRPC server with a fake clock. Requests are built the way
 * Envoy's ratelimit filter builds them from route actions.
 */
class RateLimitServiceTest {
  static final String CONFIG = """
      domain: edge
      descriptors:
        - key: generic_key
          value: api
          descriptors:
            - key: remote_address
              rate_limit: {unit: second, requests_per_unit: 2, name: per_address}
        - key: plan
          value: unlimited
          rate_limit: {unlimited: true}
        - key: user
          rate_limit: {unit: minute, requests_per_unit: 5}
      """;

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:30Z"));
  private Server server;
  private ManagedChannel channel;
  private RateLimitServiceGrpc.RateLimitServiceBlockingStub stub;

  @BeforeEach
  void startServer() throws Exception {
    LimitsHolder limits = new LimitsHolder(Limits.compile(
        ConfigLoader.loadTexts(Map.of("edge.yaml", CONFIG))));
    LocalCounterStore store = new LocalCounterStore(clock);
    Limiter limiter = new Limiter(limits, store, store, LimiterSettings.defaults(),
        new DegradedMode(LimiterSettings.defaults().failurePolicy()), clock,
        new SplittableRandom(1), LimiterObserver.NONE);
    String name = InProcessServerBuilder.generateName();
    server = InProcessServerBuilder.forName(name).directExecutor()
        .addService(new RateLimitGrpcService(limiter, true, RpcObserver.NONE)).build().start();
    channel = InProcessChannelBuilder.forName(name).directExecutor().build();
    stub = RateLimitServiceGrpc.newBlockingStub(channel);
  }

  @AfterEach
  void stopServer() {
    channel.shutdownNow();
    server.shutdownNow();
  }

  static RateLimitDescriptor descriptor(String... keysAndValues) {
    RateLimitDescriptor.Builder builder = RateLimitDescriptor.newBuilder();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      builder.addEntries(RateLimitDescriptor.Entry.newBuilder()
          .setKey(keysAndValues[i]).setValue(keysAndValues[i + 1]));
    }
    return builder.build();
  }

  static RateLimitRequest request(RateLimitDescriptor... descriptors) {
    RateLimitRequest.Builder builder = RateLimitRequest.newBuilder().setDomain("edge");
    for (RateLimitDescriptor descriptor : descriptors) {
      builder.addDescriptors(descriptor);
    }
    return builder.build();
  }

  @Test
  void limitedDescriptor_answersInEnvoysShape() {
    RateLimitDescriptor address = descriptor("generic_key", "api", "remote_address", "10.0.0.1");

    RateLimitResponse first = stub.shouldRateLimit(request(address));

    assertEquals(RateLimitResponse.Code.OK, first.getOverallCode());
    RateLimitResponse.DescriptorStatus status = first.getStatuses(0);
    assertEquals(RateLimitResponse.Code.OK, status.getCode());
    assertEquals(2, status.getCurrentLimit().getRequestsPerUnit());
    assertEquals(RateLimitResponse.RateLimit.Unit.SECOND, status.getCurrentLimit().getUnit());
    assertEquals("per_address", status.getCurrentLimit().getName());
    assertEquals(1, status.getLimitRemaining());
    assertEquals(1, status.getDurationUntilReset().getSeconds());
  }

  @Test
  void overLimit_setsOverallCodeHeadersAndBody() {
    RateLimitDescriptor address = descriptor("generic_key", "api", "remote_address", "10.0.0.1");

    stub.shouldRateLimit(request(address));
    stub.shouldRateLimit(request(address));
    RateLimitResponse third = stub.shouldRateLimit(request(address));

    assertEquals(RateLimitResponse.Code.OVER_LIMIT, third.getOverallCode());
    assertEquals(0, third.getStatuses(0).getLimitRemaining());
    assertTrue(third.getStatuses(0).hasDurationUntilReset());
    Map<String, String> headers = third.getResponseHeadersToAddList().stream()
        .collect(Collectors.toMap(HeaderValue::getKey, HeaderValue::getValue));
    assertEquals(Map.of("RateLimit-Limit", "2", "RateLimit-Remaining", "0",
        "RateLimit-Reset", "1"), headers);
    String body = third.getRawBody().toString(StandardCharsets.UTF_8);
    assertEquals("{\"error\":\"over_limit\",\"retry_after_seconds\":1}", body);
  }

  @Test
  void statuses_followDescriptorOrderAndMostConstrainedSetsHeaders() {
    RateLimitResponse response = stub.shouldRateLimit(request(
        descriptor("plan", "unlimited"),
        descriptor("user", "u1"),
        descriptor("nothing", "matches"),
        descriptor("generic_key", "api", "remote_address", "10.0.0.9")));

    assertEquals(4, response.getStatusesCount());
    assertEquals(4_294_967_295L, Integer.toUnsignedLong(response.getStatuses(0)
        .getLimitRemaining()));
    assertFalse(response.getStatuses(0).hasCurrentLimit());
    assertEquals(4, response.getStatuses(1).getLimitRemaining());
    assertEquals(30, response.getStatuses(1).getDurationUntilReset().getSeconds());
    assertFalse(response.getStatuses(2).hasCurrentLimit());
    assertEquals("1", response.getResponseHeadersToAddList().stream()
        .filter(h -> h.getKey().equals("RateLimit-Remaining")).findFirst().orElseThrow()
        .getValue());
  }

  @Test
  void unknownDomain_answersOkAndSetsOverallCode() {
    RateLimitResponse response = stub.shouldRateLimit(RateLimitRequest.newBuilder()
        .setDomain("nobody").addDescriptors(descriptor("user", "x")).build());

    assertEquals(RateLimitResponse.Code.OK, response.getOverallCode());
    assertEquals(RateLimitResponse.Code.OK, response.getStatuses(0).getCode());
  }

  @Test
  void overrideWithUnknownUnit_isIgnored() {
    RateLimitDescriptor withUnknown = descriptor("user", "u2").toBuilder()
        .setLimit(RateLimitDescriptor.RateLimitOverride.newBuilder()
            .setRequestsPerUnit(100).setUnit(RateLimitUnit.UNKNOWN)).build();
    RateLimitDescriptor withHour = descriptor("user", "u3").toBuilder()
        .setLimit(RateLimitDescriptor.RateLimitOverride.newBuilder()
            .setRequestsPerUnit(100).setUnit(RateLimitUnit.HOUR)).build();

    RateLimitResponse response = stub.shouldRateLimit(request(withUnknown, withHour));

    assertEquals(5, response.getStatuses(0).getCurrentLimit().getRequestsPerUnit());
    assertEquals(100, response.getStatuses(1).getCurrentLimit().getRequestsPerUnit());
    assertEquals(RateLimitResponse.RateLimit.Unit.HOUR,
        response.getStatuses(1).getCurrentLimit().getUnit());
  }

  @Test
  void descriptorHitsAddendZero_checksWithoutCounting() {
    RateLimitDescriptor peek = descriptor("user", "u4").toBuilder()
        .setHitsAddend(UInt64Value.of(0)).build();

    for (int i = 0; i < 10; i++) {
      stub.shouldRateLimit(request(peek));
    }
    RateLimitResponse counted = stub.shouldRateLimit(request(descriptor("user", "u4")));

    assertEquals(4, counted.getStatuses(0).getLimitRemaining());
  }

  @Test
  void largeValue_isCountedNotRejected() {
    String cookie = "c".repeat(50_000);

    for (int i = 0; i < 5; i++) {
      stub.shouldRateLimit(request(descriptor("user", cookie)));
    }
    RateLimitResponse sixth = stub.shouldRateLimit(request(descriptor("user", cookie)));

    assertEquals(RateLimitResponse.Code.OVER_LIMIT, sixth.getOverallCode());
  }

  static Stream<Arguments> invalidRequests() {
    RateLimitDescriptor valid = descriptor("user", "x");
    RateLimitRequest.Builder tooMany = RateLimitRequest.newBuilder().setDomain("edge");
    for (int i = 0; i <= RateLimitRequests.MAX_DESCRIPTORS; i++) {
      tooMany.addDescriptors(valid);
    }
    return Stream.of(
        Arguments.of("empty domain", RateLimitRequest.newBuilder().addDescriptors(valid).build(),
            "domain: rate limit domain must not be empty"),
        Arguments.of("no descriptors", RateLimitRequest.newBuilder().setDomain("edge").build(),
            "descriptors: rate limit descriptor list must not be empty"),
        Arguments.of("empty entry key", request(descriptor("user", "x"), descriptor("", "v")),
            "descriptors[1].entries[0].key: must not be empty"),
        Arguments.of("too many descriptors", tooMany.build(),
            "descriptors: has 65 descriptors, more than the maximum of 64"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidRequests")
  void invalidRequest_failsWithInvalidArgumentNamingField(String name, RateLimitRequest request,
      String expected) {
    StatusRuntimeException error = org.junit.jupiter.api.Assertions.assertThrows(
        StatusRuntimeException.class, () -> stub.shouldRateLimit(request));

    assertEquals(Status.Code.INVALID_ARGUMENT, error.getStatus().getCode());
    assertEquals(expected, error.getStatus().getDescription());
  }
}
