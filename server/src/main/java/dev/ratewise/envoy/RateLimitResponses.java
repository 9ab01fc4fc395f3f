package dev.ratewise.envoy;

import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import dev.ratewise.limit.Code;
import dev.ratewise.limit.DescriptorStatus;
import dev.ratewise.limit.LimitResponse;
import dev.ratewise.limit.Rule;
import io.envoyproxy.envoy.config.core.v3.HeaderValue;
import io.envoyproxy.envoy.service.ratelimit.v3.RateLimitResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Builds Envoy's {@code RateLimitResponse} from a {@link LimitResponse}. */
final class RateLimitResponses {
  private RateLimitResponses() {}

  static RateLimitResponse toEnvoy(LimitResponse response, boolean responseHeaders) {
    RateLimitResponse.Builder builder = RateLimitResponse.newBuilder()
        .setOverallCode(toEnvoy(response.overallCode()));
    for (DescriptorStatus status : response.statuses()) {
      builder.addStatuses(toEnvoy(status));
    }
    Optional<DescriptorStatus> constrained = response.mostConstrained();
    if (responseHeaders && constrained.isPresent()) {
      for (String[] header : RateLimitHeaders.of(constrained.get())) {
        builder.addResponseHeadersToAdd(
            HeaderValue.newBuilder().setKey(header[0]).setValue(header[1]));
      }
    }
    if (response.overallCode() == Code.OVER_LIMIT) {
      long retryAfter = RateLimitHeaders.retryAfterSeconds(response);
      String body = "{\"error\":\"over_limit\",\"retry_after_seconds\":" + retryAfter + "}";
      builder.setRawBody(ByteString.copyFrom(body, StandardCharsets.UTF_8));
    }
    return builder.build();
  }

  static RateLimitResponse.DescriptorStatus toEnvoy(DescriptorStatus status) {
    RateLimitResponse.DescriptorStatus.Builder builder =
        RateLimitResponse.DescriptorStatus.newBuilder()
            .setCode(toEnvoy(status.code()))
            .setLimitRemaining((int) status.remaining());
    if (status.limited()) {
      Rule rule = status.rule();
      builder.setCurrentLimit(RateLimitResponse.RateLimit.newBuilder()
          .setRequestsPerUnit((int) rule.requestsPerUnit())
          .setUnit(EnvoyUnits.toEnvoy(rule.unit()))
          .setName(rule.name()));
      builder.setDurationUntilReset(Duration.newBuilder().setSeconds(status.resetSeconds()));
    }
    return builder.build();
  }

  static RateLimitResponse.Code toEnvoy(Code code) {
    return code == Code.OVER_LIMIT
        ? RateLimitResponse.Code.OVER_LIMIT
        : RateLimitResponse.Code.OK;
  }
}
