package dev.ratewise.bench;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counts every call that ends, warm-up included, so that Redis commands read from
 * {@code INFO commandstats} over the same window can be divided by calls.
 */
final class CountingTarget implements Target {
  private final Target target;
  private final LongAdder ended = new LongAdder();

  CountingTarget(Target target) {
    this.target = target;
  }

  @Override
  public void call(int stream, Callback callback) {
    target.call(stream, (allowed, error) -> {
      ended.increment();
      callback.done(allowed, error);
    });
  }

  long ended() {
    return ended.sum();
  }
}
