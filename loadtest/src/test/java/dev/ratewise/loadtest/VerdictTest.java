package dev.ratewise.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.envoyproxy.envoy.service.auth.v3.CheckResponse;
import io.envoyproxy.envoy.service.auth.v3.DeniedHttpResponse;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse;
import io.envoyproxy.envoy.type.v3.HttpStatus;
import io.envoyproxy.envoy.type.v3.StatusCode;
import io.grpc.Status;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each verdict matches what Envoy's filters do with the response. */
class VerdictTest {
  @ParameterizedTest
  @CsvSource({
      "OK, ALLOWED",
      "UNKNOWN, ALLOWED",
      "OVER_LIMIT, DENIED",
  })
  void rateLimitOverallCode_mapsToVerdict(RateLimitResponse.Code code, Verdict expected) {
    RateLimitResponse response = RateLimitResponse.newBuilder().setOverallCode(code).build();

    assertEquals(expected, CallSender.verdictOf(response));
  }

  @ParameterizedTest
  @CsvSource({
      "OK, 0, ALLOWED",
      "RESOURCE_EXHAUSTED, 429, DENIED",
      "UNAVAILABLE, 429, DENIED",
      "PERMISSION_DENIED, 0, REJECTED",
      "UNAUTHENTICATED, 401, REJECTED",
      "PERMISSION_DENIED, 403, REJECTED",
  })
  void checkStatus_mapsToVerdict(Status.Code code, int httpStatus, Verdict expected) {
    CheckResponse.Builder response = CheckResponse.newBuilder()
        .setStatus(com.google.rpc.Status.newBuilder().setCode(code.value()));
    if (httpStatus != 0) {
      response.setDeniedResponse(DeniedHttpResponse.newBuilder()
          .setStatus(HttpStatus.newBuilder().setCode(StatusCode.forNumber(httpStatus))));
    }

    assertEquals(expected, CallSender.verdictOf(response.build()));
  }
}
