package dev.ratewise.tuning.forecast;

/** The class of a rule's forecast demand. */
public enum SurgeClass {
  NORMAL,
  /** Broad growth across many callers. */
  SURGE,
  /** Extreme growth concentrated on a few tenants or source addresses. */
  DDOS
}
