package dev.ratewise.tuning;

import dev.ratewise.tuning.advisor.Advice;
import dev.ratewise.tuning.advisor.LimitAdvisor;
import dev.ratewise.tuning.advisor.Proposal;
import dev.ratewise.tuning.advisor.RuleSnapshot;
import dev.ratewise.tuning.advisor.TuningContext;
import dev.ratewise.tuning.forecast.Forecast;
import dev.ratewise.tuning.forecast.SurgeClass;
import dev.ratewise.tuning.forecast.SurgeForecast;
import java.util.HashMap;
import java.util.Map;

/**
 * Test stand-ins for the forecast and the advisor, for tests that exercise the loop itself: the
 * advisor proposes every current limit again and the forecast reports flat, normal demand.
 */
public final class Placeholders {
  /** Seconds averaged into the placeholder forecast's current rate. */
  private static final int RECENT_SECONDS = 10;

  private Placeholders() {}

  /** Returns an advisor named "placeholder" that keeps every limit. */
  public static LimitAdvisor keepLimitsAdvisor() {
    return new LimitAdvisor() {
      @Override
      public String name() {
        return "placeholder";
      }

      @Override
      public Advice propose(TuningContext context) {
        Map<String, Double> limits = new HashMap<>();
        for (RuleSnapshot rule : context.rules()) {
          limits.put(rule.rule(), (double) rule.current());
        }
        return new Advice(new Proposal(limits, 1.0, "placeholder advisor keeps every limit"),
            name(), "", "", "", 0);
      }
    };
  }

  /** Returns a forecast that expects the recent mean rate to continue, always NORMAL. */
  public static SurgeForecast flatForecast() {
    return window -> {
      double[] hits = window.hitsPerSecond();
      int from = Math.max(0, hits.length - RECENT_SECONDS);
      double sum = 0;
      for (int i = from; i < hits.length; i++) {
        sum += hits[i];
      }
      double rate = hits.length == from ? 0 : sum / (hits.length - from);
      return new Forecast(rate, rate, SurgeClass.NORMAL, 0);
    };
  }
}
