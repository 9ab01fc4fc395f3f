package dev.ratewise.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ratewise.admin.v1.GuardrailAction;
import dev.ratewise.admin.v1.GuardrailKind;
import dev.ratewise.config.TuningSpec;
import dev.ratewise.tuning.advisor.Proposal;
import dev.ratewise.tuning.advisor.RuleSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class GuardrailsTest {
  private static final String ENTERPRISE = "ratewise.tier_enterprise.tenant";
  private static final String FREE = "ratewise.tier_free.tenant";

  private static RuleSnapshot rule(String id, long current, long min, long max, double revenue,
      int keys) {
    return new RuleSnapshot(id, RuleSnapshots.tier(id), 1, current, current, min, max, revenue,
        0, 0, 0, keys, null);
  }

  private static TuningSpec spec(double capacity) {
    return new TuningSpec(capacity, Duration.ofSeconds(10), Duration.ofSeconds(30), 0.6, 1.8, 3.0,
        "");
  }

  static Stream<Arguments> singleRuleCases() {
    return Stream.of(
        Arguments.of("within bounds and step", 30.0, 30L, null),
        Arguments.of("above max", 500.0, 45L, GuardrailKind.GUARDRAIL_KIND_CLAMPED_TO_MAX),
        Arguments.of("below min", 1.0, 15L, GuardrailKind.GUARDRAIL_KIND_CLAMPED_TO_MIN),
        Arguments.of("beyond step", 100.0, 45L, GuardrailKind.GUARDRAIL_KIND_STEP_LIMITED),
        Arguments.of("NaN", Double.NaN, 15L, GuardrailKind.GUARDRAIL_KIND_INVALID_VALUE),
        Arguments.of("infinite", Double.POSITIVE_INFINITY, 15L,
            GuardrailKind.GUARDRAIL_KIND_INVALID_VALUE),
        Arguments.of("negative", -5.0, 15L, GuardrailKind.GUARDRAIL_KIND_INVALID_VALUE),
        Arguments.of("missing", null, 15L, GuardrailKind.GUARDRAIL_KIND_MISSING_RULE_KEPT));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("singleRuleCases")
  void singleRule_guardedAsTabled(String name, Double proposed, long expected,
      GuardrailKind expectedKind) {
    List<RuleSnapshot> rules = List.of(rule(ENTERPRISE, 15, 15, 120, 0.2, 1));
    Map<String, Double> limits = new HashMap<>();
    if (proposed != null) {
      limits.put(ENTERPRISE, proposed);
    }

    GuardedLimits guarded = Guardrails.guard(rules, new Proposal(limits, 0.9, "x"), spec(0));

    assertEquals(expected, guarded.limits().get(ENTERPRISE));
    if (expectedKind == null) {
      assertTrue(guarded.actions().isEmpty(), guarded.actions().toString());
    } else {
      assertTrue(kinds(guarded).contains(expectedKind), guarded.actions().toString());
    }
  }

  @Test
  void lowConfidence_keepsEveryLimit() {
    List<RuleSnapshot> rules = List.of(rule(ENTERPRISE, 15, 15, 120, 0.2, 1));

    GuardedLimits guarded = Guardrails.guard(rules,
        new Proposal(Map.of(ENTERPRISE, 40.0), 0.3, "unsure"), spec(0));

    assertEquals(15L, guarded.limits().get(ENTERPRISE));
    assertEquals(List.of(GuardrailKind.GUARDRAIL_KIND_LOW_CONFIDENCE), kinds(guarded));
  }

  @Test
  void unknownRule_droppedAndRecorded() {
    List<RuleSnapshot> rules = List.of(rule(ENTERPRISE, 15, 15, 120, 0.2, 1));

    GuardedLimits guarded = Guardrails.guard(rules,
        new Proposal(Map.of(ENTERPRISE, 20.0, "ratewise.edge.tier", 5000.0), 0.9, ""), spec(0));

    assertEquals(List.of(ENTERPRISE), List.copyOf(guarded.limits().keySet()));
    assertEquals("ratewise.edge.tier", guarded.actions().get(0).getRule());
    assertEquals(GuardrailKind.GUARDRAIL_KIND_UNKNOWN_RULE_DROPPED,
        guarded.actions().get(0).getKind());
  }

  @Test
  void overCapacity_higherRevenueServedFirst() {
    List<RuleSnapshot> rules = List.of(rule(FREE, 5, 3, 9, 0.01, 2),
        rule(ENTERPRISE, 40, 15, 120, 0.2, 2));

    GuardedLimits guarded = Guardrails.guard(rules,
        new Proposal(Map.of(ENTERPRISE, 60.0, FREE, 9.0), 0.9, ""), spec(100));

    // The limits may promise 90% of 100 = 90 rps. Floors take 2×15 + 2×3 = 36 rps; enterprise
    // takes the other 54 rps: 15 + 54 / 2 = 42.
    assertEquals(42L, guarded.limits().get(ENTERPRISE));
    assertEquals(3L, guarded.limits().get(FREE));
  }

  @Test
  void floorsAboveCapacity_floorsWinAndAreRecorded() {
    List<RuleSnapshot> rules = List.of(rule(ENTERPRISE, 20, 15, 120, 0.2, 10),
        rule(FREE, 3, 3, 9, 0.01, 10));

    GuardedLimits guarded = Guardrails.guard(rules,
        new Proposal(Map.of(ENTERPRISE, 20.0, FREE, 3.0), 0.9, ""), spec(50));

    assertEquals(15L, guarded.limits().get(ENTERPRISE));
    assertEquals(3L, guarded.limits().get(FREE));
    assertTrue(guarded.actions().get(0).getDetail().contains("mins alone"),
        guarded.actions().toString());
  }

  @Test
  void bound_cutsOperatorValueToCapacity() {
    List<RuleSnapshot> rules = List.of(rule(ENTERPRISE, 15, 15, 120, 0.2, 2),
        rule(FREE, 3, 3, 9, 0.01, 2));

    GuardedLimits bounded = Guardrails.bound(rules, ENTERPRISE, 100, spec(100));

    // Free promises 2×3 = 6 of the planned 90 rps, which leaves 84 rps: 42 for each of 2 keys.
    assertEquals(42L, bounded.limits().get(ENTERPRISE));
    assertEquals(List.of(GuardrailKind.GUARDRAIL_KIND_CAPACITY_SHARED), kinds(bounded));
  }

  /**
   * Thousands of hostile proposals: random, huge, negative, NaN, infinite, missing and extra
   * rules. Every result stays within the bounds, moves at most max_step unless capacity forced
   * it lower, and fits capacity unless the floors alone exceed it.
   */
  @Test
  void hostileProposals_alwaysWithinBoundsStepAndCapacity() {
    SplittableRandom random = new SplittableRandom(20261204L);
    for (int trial = 0; trial < 5_000; trial++) {
      List<RuleSnapshot> rules = randomRules(random);
      double capacity = random.nextInt(4) == 0 ? 0 : random.nextDouble(1, 2_000);
      TuningSpec spec = new TuningSpec(capacity, Duration.ofSeconds(10), Duration.ofSeconds(30),
          0.6, 1.8, random.nextDouble(1.1, 5), "");
      Proposal proposal = new Proposal(hostileValues(random, rules), random.nextDouble(0.5, 1),
          "");

      GuardedLimits guarded = Guardrails.guard(rules, proposal, spec);

      assertInvariants(rules, spec, proposal, guarded, trial);
    }
  }

  private static void assertInvariants(List<RuleSnapshot> rules, TuningSpec spec,
      Proposal proposal, GuardedLimits guarded, int trial) {
    String context = "trial " + trial + ": " + guarded;
    assertEquals(rules.size(), guarded.limits().size(), context);
    double load = 0;
    double floors = 0;
    for (RuleSnapshot rule : rules) {
      long value = guarded.limits().get(rule.rule());
      load += Guardrails.load(rule, value);
      floors += Guardrails.load(rule, rule.min());
      assertTrue(value >= rule.min(), context);
      assertTrue(value <= rule.max(), context);
      boolean cutForCapacity = guarded.actions().stream().anyMatch(a -> a.getRule()
          .equals(rule.rule()) && a.getKind() == GuardrailKind.GUARDRAIL_KIND_CAPACITY_SHARED);
      if (proposal.confidence() < spec.minConfidence()) {
        assertTrue(value == rule.current() || cutForCapacity, context);
        continue;
      }
      boolean withinStep = value <= Math.floor(rule.current() * spec.maxStep())
          && value >= Math.ceil(rule.current() / spec.maxStep());
      assertTrue(withinStep || cutForCapacity || value == rule.min(), context);
    }
    if (spec.capacityRps() > 0 && floors <= spec.capacityRps()) {
      assertTrue(load <= spec.capacityRps() + 1e-6, context + " load " + load);
    }
  }

  private static List<RuleSnapshot> randomRules(SplittableRandom random) {
    List<RuleSnapshot> rules = new ArrayList<>();
    int count = random.nextInt(1, 6);
    for (int i = 0; i < count; i++) {
      long min = random.nextLong(1, 50);
      long max = min + random.nextLong(0, 500);
      long current = random.nextLong(min, max + 1);
      rules.add(new RuleSnapshot("domain.tier_t" + i + ".tenant", "t" + i,
          random.nextBoolean() ? 1 : 60, current, current, min, max, random.nextDouble(0, 1), 0,
          0, 0, random.nextInt(1, 50), null));
    }
    return rules;
  }

  private static Map<String, Double> hostileValues(SplittableRandom random,
      List<RuleSnapshot> rules) {
    double[] hostile = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -1, 0,
        1e300, Long.MAX_VALUE, -1e18, 0.4};
    Map<String, Double> values = new HashMap<>();
    for (RuleSnapshot rule : rules) {
      int choice = random.nextInt(4);
      if (choice == 0) {
        continue;
      }
      values.put(rule.rule(), choice == 1
          ? hostile[random.nextInt(hostile.length)]
          : random.nextDouble(-100, 5_000));
    }
    if (random.nextBoolean()) {
      values.put("domain.unknown" + random.nextInt(3), random.nextDouble(-1e6, 1e6));
    }
    return values;
  }

  private static List<GuardrailKind> kinds(GuardedLimits guarded) {
    return guarded.actions().stream().map(GuardrailAction::getKind).toList();
  }
}
