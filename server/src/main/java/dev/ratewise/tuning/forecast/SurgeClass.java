package dev.ratewise.tuning.forecast;

/** Kind of demand change that a {@link SurgeForecast} expects within its horizon. */
public enum SurgeClass {
  /** No surge expected: demand stays below the surge ratio times its baseline. */
  NORMAL,
  /** Broad growth: many keys (tenants or source addresses) send more at once. */
  SURGE,
  /** Extreme growth concentrated on a few keys, as in a denial-of-service attack. */
  DDOS
}
