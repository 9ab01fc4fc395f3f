package dev.ratewise.tuning.forecast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Generates labelled per-second demand traces from fixed seeds.
 *
 * <p>Model. The true mean at second t is {@code base × (surge(t) × season(t) × burst(t) +
 * attack(t))}: surge(t) is the family's broad surge factor, season(t) = 1 + A sin(2πt/P + θ), and
 * burst(t) is 1.5–3× during bursts of 3–15 s that start with probability 1/600 per second.
 * attack(t) is the extra demand from 1–3 attacking keys, and only DDOS traces have it. Each second
 * is Poisson with that mean times log-normal noise of 10% CV (over-dispersion).
 *
 * <p>Onset rule: the onset is the first second where the surge factor surge(t) + attack(t), which
 * is the true mean demand over the pre-surge mean without the season, bursts and noise, reaches
 * 1.5. A surge trace ends 300 s after its onset, and its surge span runs from the onset to the end.
 *
 * <p>Keys are modelled, not simulated one by one: the background's 3 busiest keys carry a fixed
 * share s of 5–25% of its hits, and the attackers are the busiest keys once they send. So the top-3
 * share over the last 30 s is (A + s·B) / (A + B) for attack hits A and background hits B, plus
 * Gaussian noise of 0.01. Distinct keys scale as K × (B / (30 base))^0.8 for K of 300–3000.
 */
final class SyntheticTraces {

  /** Surge factor at the labelled onset, dimensionless. */
  static final double ONSET_RATIO = 1.5;

  /** Seconds of the trace kept after the onset, in seconds. */
  static final int SECONDS_AFTER_ONSET = 300;

  /** Length of a quiet trace, and the most seconds any trace is generated for, in seconds. */
  static final int QUIET_SECONDS = 5400;

  /** Earliest second at which a ramp or step starts, in seconds. */
  static final int CHANGE_FROM = 2400;

  /** Latest second at which a ramp or step starts, in seconds. */
  static final int CHANGE_TO = 2700;

  /** Span over which key statistics are taken, in seconds. */
  static final int KEY_SPAN_SECONDS = 30;

  /** Probability per second that a burst starts. */
  private static final double BURST_START_PROBABILITY = 1.0 / 600.0;

  /** Coefficient of variation of the log-normal noise on each second's mean. */
  private static final double NOISE_CV = 0.1;

  /** Mean above which Poisson sampling uses the normal approximation, in hits. */
  private static final double NORMAL_APPROXIMATION_MEAN = 50.0;

  private SyntheticTraces() {}

  /** Generates {@code count} traces of one family; the same seed gives the same traces. */
  static List<LabelledTrace> generate(TraceFamily family, int count, long seed) {
    List<LabelledTrace> traces = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      // java.util.Random gives nearly equal first draws for nearby seeds, so scramble the seed.
      long traceSeed =
          new SplittableRandom(seed * 1_000_003L + family.ordinal() * 10_007L + i).nextLong();
      Random random = new Random(traceSeed);
      traces.add(generateOne(family, i, random));
    }
    return traces;
  }

  private static LabelledTrace generateOne(TraceFamily family, int index, Random random) {
    double base = Math.exp(uniform(random, Math.log(20.0), Math.log(500.0)));
    SurgeShape shape = SurgeShape.draw(family, random, QUIET_SECONDS);
    int onset = shape.onset(ONSET_RATIO);
    int length = onset < 0 ? QUIET_SECONDS : Math.min(QUIET_SECONDS, onset + SECONDS_AFTER_ONSET);
    double[] background = backgroundFactor(family, random, length);

    double[] backgroundHits = new double[length];
    double[] attackHits = new double[length];
    for (int t = 0; t < length; t++) {
      backgroundHits[t] = poisson(random, base * shape.surge()[t] * background[t] * noise(random));
      attackHits[t] = poisson(random, base * shape.attack()[t] * noise(random));
    }
    double[] hits = new double[length];
    Arrays.setAll(hits, t -> backgroundHits[t] + attackHits[t]);

    KeyStatistics keys =
        KeyStatistics.model(random, base, shape.attackers(), backgroundHits, attackHits);
    List<LabelledTrace.Surge> surges =
        onset < 0 ? List.of() : List.of(new LabelledTrace.Surge(onset, length - 1));
    return new LabelledTrace(
        family.label() + "-" + index,
        family.label(),
        hits,
        keys.topKeyShare(),
        keys.distinctKeys(),
        new boolean[length],
        surges,
        expectedClass(family));
  }

  private static SurgeClass expectedClass(TraceFamily family) {
    switch (family) {
      case QUIET_SEASONAL:
        return SurgeClass.NORMAL;
      case DDOS:
        return SurgeClass.DDOS;
      default:
        return SurgeClass.SURGE;
    }
  }

  /** Returns season(t) × burst(t); quiet traces swing ±10–30%, the others by at most ±10%. */
  private static double[] backgroundFactor(TraceFamily family, Random random, int length) {
    boolean quiet = family == TraceFamily.QUIET_SEASONAL;
    double amplitude = quiet ? uniform(random, 0.1, 0.3) : uniform(random, 0.0, 0.1);
    double period = uniform(random, 600.0, 1800.0);
    double phase = uniform(random, 0.0, 2.0 * Math.PI);

    double[] factor = new double[length];
    for (int t = 0; t < length; t++) {
      factor[t] = 1.0 + amplitude * Math.sin(2.0 * Math.PI * t / period + phase);
    }
    addBursts(random, factor);
    return factor;
  }

  private static void addBursts(Random random, double[] factor) {
    int t = 0;
    while (t < factor.length) {
      if (random.nextDouble() >= BURST_START_PROBABILITY) {
        t++;
        continue;
      }
      int duration = 3 + random.nextInt(13);
      double height = uniform(random, 1.5, 3.0);
      for (int s = t; s < Math.min(factor.length, t + duration); s++) {
        factor[s] *= height;
      }
      t += duration;
    }
  }

  private static double noise(Random random) {
    return Math.exp(NOISE_CV * random.nextGaussian() - NOISE_CV * NOISE_CV / 2.0);
  }

  static double uniform(Random random, double low, double high) {
    return low + (high - low) * random.nextDouble();
  }

  static double poisson(Random random, double mean) {
    if (mean <= 0.0) {
      return 0.0;
    }
    if (mean > NORMAL_APPROXIMATION_MEAN) {
      return Math.max(0.0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
    }

    double limit = Math.exp(-mean);
    double product = random.nextDouble();
    int count = 0;
    while (product > limit) {
      product *= random.nextDouble();
      count++;
    }
    return count;
  }
}
