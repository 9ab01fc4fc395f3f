package dev.ratewise.loadtest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * Shares of the traffic per tier, such as {@code enterprise=0.2,free=0.8}. The shares are
 * weights: they need not sum to 1, and each is divided by their sum.
 */
final class TierMix {
  /** The tier label of callers without an API key. */
  static final String ANONYMOUS = "anonymous";

  private final List<String> tiers;
  private final double[] cumulative;
  private final Map<String, Double> weights;

  TierMix(Map<String, Double> weights) {
    if (weights.isEmpty()) {
      throw new IllegalArgumentException("mix must name at least one tier, such as free=1");
    }
    this.weights = new LinkedHashMap<>(weights);
    this.tiers = new ArrayList<>(weights.keySet());
    this.cumulative = new double[tiers.size()];
    double sum = 0;
    for (int i = 0; i < tiers.size(); i++) {
      double weight = weights.get(tiers.get(i));
      if (!(weight >= 0) || Double.isInfinite(weight)) {
        throw new IllegalArgumentException(
            "mix share of tier " + tiers.get(i) + " must be a non-negative number, got " + weight);
      }
      sum += weight;
      cumulative[i] = sum;
    }
    if (sum <= 0) {
      throw new IllegalArgumentException("mix shares must not all be zero: " + weights);
    }
    for (int i = 0; i < cumulative.length; i++) {
      cumulative[i] /= sum;
    }
  }

  /** Parses {@code tier=share,tier=share}. */
  static TierMix parse(String text) {
    Map<String, Double> weights = new LinkedHashMap<>();
    for (String part : text.split(",")) {
      String[] pair = part.trim().split("=", 2);
      if (pair.length != 2 || pair[0].isBlank()) {
        throw new IllegalArgumentException("invalid mix entry '" + part.trim()
            + "': use tier=share, such as free=0.4");
      }
      try {
        weights.put(pair[0].trim(), Double.parseDouble(pair[1].trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("invalid mix share '" + pair[1].trim()
            + "' for tier " + pair[0].trim() + ": use a number such as 0.4");
      }
    }
    return new TierMix(weights);
  }

  /** Picks a tier with probability equal to its share. */
  String pick(RandomGenerator random) {
    double point = random.nextDouble();
    for (int i = 0; i < cumulative.length - 1; i++) {
      if (point < cumulative[i]) {
        return tiers.get(i);
      }
    }
    return tiers.get(tiers.size() - 1);
  }

  /** Returns the tiers in the order they were written, including those with share 0. */
  List<String> tiers() {
    return List.copyOf(tiers);
  }

  @Override
  public String toString() {
    return weights.toString();
  }
}
