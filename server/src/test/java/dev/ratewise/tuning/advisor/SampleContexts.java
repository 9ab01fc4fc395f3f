package dev.ratewise.tuning.advisor;

import dev.ratewise.tuning.forecast.Forecast;
import dev.ratewise.tuning.forecast.SurgeClass;
import java.time.Instant;
import java.util.List;

/** Tuning contexts shaped like the bundled example config's three per-tenant tiers. */
final class SampleContexts {
  static final Instant NOW = Instant.parse("2026-12-04T20:00:00Z");
  static final String ENTERPRISE = "ratewise.tier_enterprise.tenant";
  static final String PROFESSIONAL = "ratewise.tier_professional.tenant";
  static final String FREE = "ratewise.tier_free.tenant";

  private SampleContexts() {}

  /** Returns one one-second rule with the example's business figures and the given traffic. */
  static RuleSnapshot rule(String tier, double demandRps, double forecastRps, SurgeClass surge,
      int activeKeys) {
    return switch (tier) {
      case "enterprise" -> snapshot(ENTERPRISE, tier, 15, 15, 120, 0.20, demandRps, forecastRps,
          surge, activeKeys);
      case "professional" -> snapshot(PROFESSIONAL, tier, 8, 8, 40, 0.05, demandRps,
          forecastRps, surge, activeKeys);
      case "free" -> snapshot(FREE, tier, 3, 3, 9, 0.01, demandRps, forecastRps, surge,
          activeKeys);
      default -> throw new IllegalArgumentException("unknown tier " + tier);
    };
  }

  static RuleSnapshot snapshot(String id, String tier, long baseline, long min, long max,
      double revenue, double demandRps, double forecastRps, SurgeClass surge, int activeKeys) {
    double allowed = Math.min(demandRps, (double) baseline * activeKeys);
    return new RuleSnapshot(id, tier, 1, baseline, baseline, min, max, revenue, demandRps,
        allowed, demandRps - allowed, activeKeys,
        new Forecast(demandRps, forecastRps, surge, surge == SurgeClass.NORMAL ? 0.1 : 0.9));
  }

  /** Returns the three tiers with steady traffic: 2 tenants each, 10, 6 and 2 rps. */
  static TuningContext steady(double capacityRps) {
    return context(capacityRps,
        rule("enterprise", 10, 10, SurgeClass.NORMAL, 2),
        rule("professional", 6, 6, SurgeClass.NORMAL, 2),
        rule("free", 2, 2, SurgeClass.NORMAL, 2));
  }

  static TuningContext context(double capacityRps, RuleSnapshot... rules) {
    return new TuningContext(NOW, List.of(rules), capacityRps, 30, "");
  }
}
