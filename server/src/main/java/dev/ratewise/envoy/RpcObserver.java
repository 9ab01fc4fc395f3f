package dev.ratewise.envoy;

/** Receives the duration of each Envoy RPC, for latency histograms. */
public interface RpcObserver {
  /** Does nothing; the default. */
  RpcObserver NONE = (rpc, nanos) -> {};

  /**
   * Called when an RPC's answer is ready.
   *
   * @param rpc "ShouldRateLimit" or "Check"
   */
  void onRpc(String rpc, long nanos);
}
