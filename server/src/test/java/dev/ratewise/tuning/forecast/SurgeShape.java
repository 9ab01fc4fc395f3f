package dev.ratewise.tuning.forecast;

import java.util.Random;

/**
 * Surge factor and attack factor of one generated trace, per second, as multiples of the base rate;
 * drawn by {@link #draw}. Ramps and steps start between 2400 s and 2700 s and logistic rises centre
 * between 2450 s and 2750 s. So every trace has 1800 s of warm-up that fills the window and at
 * least 500 s of pre-surge demand to raise false alarms on.
 *
 * @param surge broad surge factor, 1 before the surge
 * @param attack extra demand from the attacking keys, 0 outside DDOS traces
 * @param attackers number of attacking keys, 0 outside DDOS traces
 */
record SurgeShape(double[] surge, double[] attack, int attackers) {

  /** Draws the shape of one trace of {@code family}, {@code length} seconds long. */
  static SurgeShape draw(TraceFamily family, Random random, int length) {
    double[] surge = new double[length];
    double[] attack = new double[length];
    java.util.Arrays.fill(surge, 1.0);
    switch (family) {
      case SLOW_RAMP:
        fillRamp(random, surge);
        return new SurgeShape(surge, attack, 0);
      case STEP:
        fillStep(random, surge);
        return new SurgeShape(surge, attack, 0);
      case FLASH_CROWD:
        fillLogistic(random, surge, 2.0, 7.0, 10.0, 40.0);
        return new SurgeShape(surge, attack, 0);
      case DDOS:
        fillLogistic(random, attack, 3.0, 10.0, 5.0, 30.0);
        return new SurgeShape(surge, attack, 1 + random.nextInt(3));
      default:
        return new SurgeShape(surge, attack, 0);
    }
  }

  /** Returns the first second where surge + attack reaches {@code ratio}, or −1 if never. */
  int onset(double ratio) {
    for (int t = 0; t < surge.length; t++) {
      if (surge[t] + attack[t] >= ratio) {
        return t;
      }
    }
    return -1;
  }

  private static void fillRamp(Random random, double[] surge) {
    int start =
        (int)
            SyntheticTraces.uniform(random, SyntheticTraces.CHANGE_FROM, SyntheticTraces.CHANGE_TO);
    double duration = SyntheticTraces.uniform(random, 300, 900);
    double peak = SyntheticTraces.uniform(random, 2.0, 3.0);
    for (int t = start; t < surge.length; t++) {
      surge[t] = 1.0 + (peak - 1.0) * Math.min(1.0, (t - start) / duration);
    }
  }

  private static void fillStep(Random random, double[] surge) {
    int start =
        (int)
            SyntheticTraces.uniform(random, SyntheticTraces.CHANGE_FROM, SyntheticTraces.CHANGE_TO);
    double height = SyntheticTraces.uniform(random, 2.0, 4.0);
    for (int t = start; t < surge.length; t++) {
      surge[t] = height;
    }
  }

  /** Adds a logistic rise of {@code lowGain}–{@code highGain} with a time scale in seconds. */
  private static void fillLogistic(
      Random random,
      double[] factor,
      double lowGain,
      double highGain,
      double lowTau,
      double highTau) {
    double middle =
        SyntheticTraces.uniform(
            random, SyntheticTraces.CHANGE_FROM + 50, SyntheticTraces.CHANGE_TO + 50);
    double gain = SyntheticTraces.uniform(random, lowGain, highGain);
    double tau = SyntheticTraces.uniform(random, lowTau, highTau);
    for (int t = 0; t < factor.length; t++) {
      factor[t] += gain / (1.0 + Math.exp(-(t - middle) / tau));
    }
  }
}
