package dev.ratewise.loadtest.demo;

import dev.ratewise.loadtest.demo.RunFigures.TierFigures;
import java.util.List;
import java.util.Locale;

/** Formats the report's headline figures as a plain-text table for the terminal. */
final class SummaryTable {
  private SummaryTable() {}

  static String format(DemoReport report) {
    RunFigures adaptive = report.run("adaptive");
    RunFigures fixed = report.run("static");
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "scenario %s, %d s per run, backend capacity %.0f rps%n",
        report.scenario(), report.lengthSeconds(), report.capacityRps()));
    out.append(report.advisorNote()).append(System.lineSeparator());
    out.append(String.format(Locale.ROOT, "%-14s %14s %14s %14s %14s %9s %9s%n", "tier",
        "served $/h A", "served $/h S", "denied $/h A", "denied $/h S", "surge% A", "surge% S"));
    for (int i = 0; i < adaptive.tiers().size(); i++) {
      TierFigures a = adaptive.tiers().get(i);
      TierFigures s = fixed.tiers().get(i);
      out.append(String.format(Locale.ROOT, "%-14s %14.2f %14.2f %14.2f %14.2f %9s %9s%n",
          a.tier(), a.revenueServedPerHour(), s.revenueServedPerHour(), a.revenueDeniedPerHour(),
          s.revenueDeniedPerHour(), percent(a.surgeDenialRate()), percent(s.surgeDenialRate())));
    }
    out.append(String.format(Locale.ROOT, "%-14s %14.2f %14.2f %14.2f %14.2f%n", "total",
        served(adaptive.tiers()), served(fixed.tiers()), denied(adaptive.tiers()),
        denied(fixed.tiers())));
    appendRunLines(out, adaptive);
    appendRunLines(out, fixed);
    out.append("(A = adaptive, tuning on; S = static, tuning off)").append(System.lineSeparator());
    return out.toString();
  }

  private static void appendRunLines(StringBuilder out, RunFigures run) {
    RunFigures.ForecastFigures forecast = run.forecast();
    RunFigures.DecisionFigures decisions = run.decisions();
    out.append(String.format(Locale.ROOT,
        "%-8s overload %d s, backend errors %d; forecast lead %s s, false alarms %d; "
            + "cycles %d: applied %d, pending %d, rejected %d; advisor %s%n",
        run.mode(), run.overloadSeconds(), run.backendErrors(), number(forecast.leadSeconds()),
        forecast.falseAlarms(), decisions.cycles(), decisions.applied(), decisions.pending(),
        decisions.rejected(), decisions.advisors().isEmpty()
            ? "none" : String.join("+", decisions.advisors())));
  }

  static double served(List<TierFigures> tiers) {
    return tiers.stream().mapToDouble(TierFigures::revenueServedPerHour).sum();
  }

  static double denied(List<TierFigures> tiers) {
    return tiers.stream().mapToDouble(TierFigures::revenueDeniedPerHour).sum();
  }

  private static String percent(double share) {
    return Double.isNaN(share) ? "n/a" : String.format(Locale.ROOT, "%.1f", share * 100);
  }

  private static String number(double value) {
    return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.1f", value);
  }
}
