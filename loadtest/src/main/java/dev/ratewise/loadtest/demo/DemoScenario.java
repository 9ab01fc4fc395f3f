package dev.ratewise.loadtest.demo;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A demo scenario as loaded from its YAML file: who calls, how hard in each phase, the simulated
 * backend, and how the report reads forecasts. Every number the run uses is here, so a report can
 * be reproduced from the file alone.
 *
 * @param name the scenario's name, printed in the report
 * @param tenants the callers, each with a tier and an optional API key
 * @param tiers the tiers in report order, each with the rule whose limit it charts
 * @param phases the phases in order
 * @param backend the simulated backend behind Envoy
 * @param tuningInterval the decision loop's interval in the adaptive run
 * @param checkTimeout the deadline of each Check call, as Envoy's ext_authz timeout
 * @param sampleInterval how often limits are read from the admin API
 * @param alarmProbability a forecast whose surge probability reaches this (0 to 1) is an alarm
 * @param surgeOnsetFactor the surge starts when total demand first exceeds this factor of the
 *     demand at the start of the first surge phase
 * @param earlyWarningWindow alarms at most this long before the onset count as warnings, older
 *     ones as false alarms
 */
public record DemoScenario(
    String name,
    List<Tenant> tenants,
    List<TierRule> tiers,
    List<Phase> phases,
    Backend backend,
    Duration tuningInterval,
    Duration checkTimeout,
    Duration sampleInterval,
    double alarmProbability,
    double surgeOnsetFactor,
    Duration earlyWarningWindow) {

  public DemoScenario {
    tenants = List.copyOf(tenants);
    tiers = List.copyOf(tiers);
    phases = List.copyOf(phases);
  }

  /** Returns the length of all phases together. */
  public Duration length() {
    return phases.stream().map(Phase::length).reduce(Duration.ZERO, Duration::plus);
  }

  /** Returns the phase running at the given offset from the start, or the last phase. */
  public Phase phaseAt(Duration offset) {
    Duration end = Duration.ZERO;
    for (Phase phase : phases) {
      end = end.plus(phase.length());
      if (offset.compareTo(end) < 0) {
        return phase;
      }
    }
    return phases.get(phases.size() - 1);
  }

  /** Returns the offset at which the given phase starts. */
  public Duration startOf(Phase phase) {
    Duration start = Duration.ZERO;
    for (Phase candidate : phases) {
      if (candidate == phase) {
        return start;
      }
      start = start.plus(candidate.length());
    }
    throw new IllegalArgumentException("phase " + phase.name() + " is not in " + name);
  }

  /** Returns the demand of one tenant in requests per second at an offset from the start. */
  public double demandAt(Tenant tenant, Duration offset) {
    Phase phase = phaseAt(offset);
    Ramp ramp = phase.demand().get(tenant.tier());
    if (ramp == null) {
      return 0;
    }
    double progress = (double) offset.minus(startOf(phase)).toMillis() / phase.length().toMillis();
    return ramp.at(Math.min(1, Math.max(0, progress)));
  }

  /** Returns the total demand of all tenants in requests per second at an offset. */
  public double totalDemandAt(Duration offset) {
    return tenants.stream().mapToDouble(tenant -> demandAt(tenant, offset)).sum();
  }

  /**
   * One caller.
   *
   * @param name a label for logs and the report
   * @param tier the tier whose traffic this tenant adds to; anonymous callers use
   *     {@code anonymous}
   * @param apiKey the {@code x-api-key} header; empty sends none
   * @param address the source address Envoy reports
   */
  public record Tenant(String name, String tier, String apiKey, String address) {}

  /**
   * A tier as the report shows it.
   *
   * @param name the tier name, such as {@code enterprise} or {@code anonymous}
   * @param rule the name of the config rule whose limit is charted and whose
   *     {@code revenue_per_request} prices a request; empty for none
   */
  public record TierRule(String name, String rule) {}

  /**
   * One phase of the scenario.
   *
   * @param name the phase name
   * @param length how long it runs
   * @param demand each tier's demand per tenant in requests per second; a missing tier sends none
   * @param init whether the runner calls {@code POST /admin/init} at its start
   * @param approvePending whether the runner approves pending changes during it
   * @param surge whether its traffic counts as surge traffic in the report
   */
  public record Phase(
      String name,
      Duration length,
      Map<String, Ramp> demand,
      boolean init,
      boolean approvePending,
      boolean surge) {

    public Phase {
      demand = Map.copyOf(demand);
    }
  }

  /** Demand that moves linearly from one rate to another over a phase, in requests per second. */
  public record Ramp(double from, double to) {
    double at(double progress) {
      return from + (to - from) * progress;
    }
  }

  /**
   * The simulated backend that allowed requests reach.
   *
   * @param capacityRps requests per second it serves well; 0 takes the config's
   *     {@code tuning.capacity_rps}
   * @param latency the latency of a request within capacity
   * @param overloadLatency the latency of a request in a second that is over capacity
   */
  public record Backend(double capacityRps, Duration latency, Duration overloadLatency) {}
}
