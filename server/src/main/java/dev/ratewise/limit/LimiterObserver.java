package dev.ratewise.limit;

/**
 * Receives what the limiter did, for metrics and the decision loop's telemetry. Implementations
 * run on the request path, so they must be quick and must not block or throw.
 */
public interface LimiterObserver {
  /** Does nothing; the default. */
  LimiterObserver NONE = new LimiterObserver() {};

  /**
   * Called once per limited descriptor.
   *
   * @param allowed whether the request was let through for this descriptor
   */
  default void onDescriptor(String domain, Descriptor descriptor, Rule rule, Outcome outcome,
      long hits, boolean allowed) {}

  /** Called once per store round trip with its duration. */
  default void onStoreCall(String store, long nanos, boolean succeeded) {}

  /** Called when the over-limit cache decided a descriptor without the store. */
  default void onCacheAnswer(Rule rule) {}

  /** Combines observers; each is called in order. */
  static LimiterObserver all(LimiterObserver... observers) {
    return new LimiterObserver() {
      @Override
      public void onDescriptor(String domain, Descriptor descriptor, Rule rule, Outcome outcome,
          long hits, boolean allowed) {
        for (LimiterObserver observer : observers) {
          observer.onDescriptor(domain, descriptor, rule, outcome, hits, allowed);
        }
      }

      @Override
      public void onStoreCall(String store, long nanos, boolean succeeded) {
        for (LimiterObserver observer : observers) {
          observer.onStoreCall(store, nanos, succeeded);
        }
      }

      @Override
      public void onCacheAnswer(Rule rule) {
        for (LimiterObserver observer : observers) {
          observer.onCacheAnswer(rule);
        }
      }
    };
  }
}
