package dev.ratewise.bench;

/** Something the closed loop calls: a gRPC server, a limiter or a Bucket4j bucket. */
interface Target {
  /**
   * Starts one call and reports its end to {@code callback}, on any thread and possibly before
   * this method returns.
   *
   * @param stream the calling stream's index, from 0 to the loop's concurrency minus 1
   */
  void call(int stream, Callback callback);

  /** Receives the end of one call. */
  interface Callback {
    /**
     * @param allowed whether the call was let through; false for an over-limit decision
     * @param error the failure, or null when the call returned a response
     */
    void done(boolean allowed, Throwable error);
  }
}
