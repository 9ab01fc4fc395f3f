package dev.ratewise.tuning.advisor;

import java.time.Instant;
import java.util.List;

/**
 * Everything an advisor sees in one cycle.
 *
 * @param now the cycle's time
 * @param rules one snapshot per adaptive rule, in config order
 * @param capacityRps the backend's capacity in requests per second; 0 when unknown
 * @param horizonSeconds how far ahead the forecasts look
 * @param operatorContext free text from the operator, such as "launch at 14:00"
 */
public record TuningContext(
    Instant now,
    List<RuleSnapshot> rules,
    double capacityRps,
    long horizonSeconds,
    String operatorContext) {

  public TuningContext {
    rules = List.copyOf(rules);
  }
}
