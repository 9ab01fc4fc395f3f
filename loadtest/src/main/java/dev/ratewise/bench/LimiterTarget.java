package dev.ratewise.bench;

import dev.ratewise.limit.Code;
import dev.ratewise.limit.Descriptor;
import dev.ratewise.limit.LimitRequest;
import dev.ratewise.limit.Limiter;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Calls ratewise's {@link Limiter} directly, without gRPC, with one descriptor {@code [b=<key>]}
 * per call and the key picked uniformly at random from a fixed set.
 */
final class LimiterTarget implements Target {
  private final Limiter limiter;
  private final LimitRequest[] requests;

  LimiterTarget(Limiter limiter, String[] keys) {
    this.limiter = limiter;
    this.requests = new LimitRequest[keys.length];
    for (int i = 0; i < keys.length; i++) {
      requests[i] = new LimitRequest("bench", List.of(Descriptor.of("b", keys[i])), 0);
    }
  }

  @Override
  public void call(int stream, Callback callback) {
    LimitRequest request = requests[ThreadLocalRandom.current().nextInt(requests.length)];
    limiter.check(request).whenComplete((response, error) -> callback.done(
        error == null && response.overallCode() != Code.OVER_LIMIT, error));
  }
}
