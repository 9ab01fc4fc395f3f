package dev.ratewise.envoy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ratewise.Ratewise;
import dev.ratewise.ServerSettings;
import dev.ratewise.testing.EnvoyCheckRequests;
import io.envoyproxy.envoy.extensions.common.ratelimit.v3.RateLimitDescriptor;
import io.envoyproxy.envoy.service.auth.v3.AuthorizationGrpc;
import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitRequest;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitServiceGrpc;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A header value that is not valid UTF-8 must be counted like any other value. Before the fix,
 * protobuf-java rejected such a proto3 string, the RPC failed, and Envoy's default fail-open let
 * the request through. The client here sends raw bytes, as Envoy's C++ serializer does.
 */
class InvalidUtf8Test {
  /** Four bytes that are not UTF-8, the same length as the placeholder they replace. */
  private static final byte[] INVALID = {(byte) 0xFF, (byte) 0xFE, (byte) 0xFF, (byte) 0xFE};

  @TempDir Path stateDir;
  private Ratewise ratewise;
  private ManagedChannel channel;

  @BeforeEach
  void start() throws Exception {
    ratewise = Ratewise.start(ServerSettings.forTests(null, stateDir), java.time.Clock.systemUTC());
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", ratewise.grpcPort())
        .usePlaintext().build();
  }

  @AfterEach
  void stop() {
    channel.shutdownNow();
    ratewise.close();
  }

  @Test
  void invalidUtf8Tenant_isCountedNotFailed() {
    byte[] request = withInvalidBytes(RateLimitRequest.newBuilder().setDomain("ratewise")
        .addDescriptors(RateLimitDescriptor.newBuilder()
            .addEntries(RateLimitDescriptor.Entry.newBuilder().setKey("tier").setValue("free"))
            .addEntries(RateLimitDescriptor.Entry.newBuilder().setKey("tenant")
                .setValue("ZZZZ")))
        .build().toByteArray());

    // A free tenant may send 3 a second; retry when a window boundary splits the 4 calls.
    for (int attempt = 0; attempt < 3; attempt++) {
      long window = Instant.now().getEpochSecond();
      RateLimitResponse last = null;
      for (int i = 0; i < 4; i++) {
        last = parse(call(RateLimitServiceGrpc.getShouldRateLimitMethod(), request));
      }
      if (Instant.now().getEpochSecond() == window) {
        assertEquals(RateLimitResponse.Code.OVER_LIMIT, last.getOverallCode());
        return;
      }
    }
    throw new AssertionError("every attempt crossed a window boundary");
  }

  @Test
  void invalidUtf8Header_getsACheckAnswer() throws Exception {
    byte[] request = withInvalidBytes(EnvoyCheckRequests.request()
        .header("user-agent", "ZZZZ").apiKey("free-bob-key").build().toByteArray());

    CheckResponse response = CheckResponse.parser().parseFrom(
        call(AuthorizationGrpc.getCheckMethod(), request));

    assertEquals(0, response.getStatus().getCode());
  }

  private static RateLimitResponse parse(byte[] bytes) {
    try {
      return RateLimitResponse.parseFrom(bytes);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      throw new AssertionError("ratewise sent a response that does not parse", e);
    }
  }

  /** Replaces the one "ZZZZ" in an encoded message with bytes that are not UTF-8. */
  private static byte[] withInvalidBytes(byte[] encoded) {
    byte[] placeholder = "ZZZZ".getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i + placeholder.length <= encoded.length; i++) {
      if (encoded[i] == 'Z' && encoded[i + 1] == 'Z' && encoded[i + 2] == 'Z'
          && encoded[i + 3] == 'Z') {
        System.arraycopy(INVALID, 0, encoded, i, INVALID.length);
        return encoded;
      }
    }
    throw new IllegalStateException("placeholder not found in the encoded request");
  }

  private <Q, R> byte[] call(MethodDescriptor<Q, R> method, byte[] request) {
    MethodDescriptor<byte[], byte[]> raw = method.toBuilder(RAW, RAW).build();
    return ClientCalls.blockingUnaryCall(channel, raw,
        CallOptions.DEFAULT.withDeadlineAfter(5, TimeUnit.SECONDS), request);
  }

  private static final MethodDescriptor.Marshaller<byte[]> RAW =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          try {
            return stream.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        }
      };
}
