package dev.ratewise.tuning.forecast;

/**
 * Families of generated traces. Each trace has a base rate drawn log-uniformly from 20 to 500
 * hits/s, a mild seasonal swing, short bursts and over-dispersed Poisson noise; see {@link
 * SyntheticTraces} for the exact model and the onset rule.
 */
enum TraceFamily {
  /** Linear ramp to 2–3× base over 300–900 s. */
  SLOW_RAMP("slow-ramp"),
  /** Instant step to 2–4× base: no precursor, so no forecast can be 30 s early. */
  STEP("step"),
  /** Logistic rise to 3–8× base with a time scale of 10–40 s. */
  FLASH_CROWD("flash-crowd"),
  /** 1–3 keys add a logistic rise to 3–10× base with a time scale of 5–30 s. */
  DDOS("ddos"),
  /** Seasonal swing of ±10–30% with a period of 10–30 min, bursts and noise; no surge. */
  QUIET_SEASONAL("quiet-seasonal");

  private final String label;

  TraceFamily(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }
}
