package dev.ratewise.tuning.advisor;

import static dev.ratewise.tuning.advisor.SampleContexts.ENTERPRISE;
import static dev.ratewise.tuning.advisor.SampleContexts.FREE;
import static dev.ratewise.tuning.advisor.SampleContexts.PROFESSIONAL;
import static dev.ratewise.tuning.advisor.SampleContexts.context;
import static dev.ratewise.tuning.advisor.SampleContexts.rule;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ratewise.testing.MutableClock;
import dev.ratewise.tuning.forecast.Forecast;
import dev.ratewise.tuning.forecast.SurgeClass;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HeuristicAdvisorTest {
  private final HeuristicAdvisor advisor =
      new HeuristicAdvisor(new MutableClock(SampleContexts.NOW));

  static Stream<Arguments> cycles() {
    SurgeClass normal = SurgeClass.NORMAL;
    return Stream.of(
        // No traffic anywhere: floors 26 rps, the 74 spare go to enterprise first.
        Arguments.of("awakening", context(100,
            rule("enterprise", 0, 0, normal, 1),
            rule("professional", 0, 0, normal, 1),
            rule("free", 0, 0, normal, 1)),
            Map.of(ENTERPRISE, 89.0, PROFESSIONAL, 8.0, FREE, 3.0), 0.7),
        Arguments.of("awakening with room for every max", context(1000,
            rule("enterprise", 0, 0, normal, 1),
            rule("professional", 0, 0, normal, 1),
            rule("free", 0, 0, normal, 1)),
            Map.of(ENTERPRISE, 120.0, PROFESSIONAL, 40.0, FREE, 9.0), 0.7),
        // 60, 30 and 10 rps over 2 keys, times 1.25, per key: 37.5, 18.75 and 6.25.
        Arguments.of("steady", context(200,
            rule("enterprise", 60, 60, normal, 2),
            rule("professional", 30, 30, normal, 2),
            rule("free", 10, 10, normal, 2)),
            Map.of(ENTERPRISE, 38.0, PROFESSIONAL, 19.0, FREE, 7.0), 0.9),
        Arguments.of("little traffic", context(200,
            rule("enterprise", 1, 1, normal, 1),
            rule("professional", 0, 0, normal, 1),
            rule("free", 0, 0, normal, 1)),
            Map.of(ENTERPRISE, 15.0, PROFESSIONAL, 8.0, FREE, 3.0), 0.45),
        // Enterprise scales to its 60 rps forecast; free wants 13 and stops at max 9.
        Arguments.of("surge forecast", context(200,
            rule("enterprise", 40, 60, SurgeClass.SURGE, 2),
            rule("professional", 30, 30, normal, 2),
            rule("free", 20, 20, normal, 2)),
            Map.of(ENTERPRISE, 38.0, PROFESSIONAL, 19.0, FREE, 9.0), 0.9),
        // The class Javadoc's worked example.
        Arguments.of("capacity shortage", context(100,
            rule("enterprise", 40, 60, SurgeClass.SURGE, 2),
            rule("professional", 30, 30, normal, 2),
            rule("free", 20, 20, normal, 2)),
            Map.of(ENTERPRISE, 38.0, PROFESSIONAL, 9.0, FREE, 3.0), 0.9),
        Arguments.of("floors above capacity", context(40,
            rule("enterprise", 40, 60, SurgeClass.SURGE, 2),
            rule("professional", 30, 30, normal, 2),
            rule("free", 20, 20, normal, 2)),
            Map.of(ENTERPRISE, 15.0, PROFESSIONAL, 8.0, FREE, 3.0), 0.9),
        Arguments.of("ddos holds current", context(200,
            rule("enterprise", 60, 60, normal, 2),
            rule("professional", 30, 30, normal, 2),
            rule("free", 500, 2000, SurgeClass.DDOS, 2)),
            Map.of(ENTERPRISE, 38.0, PROFESSIONAL, 19.0, FREE, 3.0), 0.9),
        Arguments.of("unknown capacity", context(0,
            rule("enterprise", 40, 60, SurgeClass.SURGE, 2),
            rule("professional", 30, 30, normal, 2),
            rule("free", 20, 20, normal, 2)),
            Map.of(ENTERPRISE, 38.0, PROFESSIONAL, 19.0, FREE, 9.0), 0.7),
        // 5 rps * 1.25 = 6.25 rps = 375 a minute for the one key.
        Arguments.of("minute unit", context(100,
            new RuleSnapshot("per_minute", "enterprise", 60, 600, 600, 60, 6000, 0.1, 5, 5, 0,
                1, new Forecast(5, 5, normal, 0.1))),
            Map.of("per_minute", 375.0), 0.65));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cycles")
  void cycle_proposesExpectedLimits(String name, TuningContext context,
      Map<String, Double> expected, double confidence) {

    Advice advice = advisor.propose(context);

    assertEquals(expected, advice.proposal().limits(), advice.proposal().rationale());
    assertEquals(confidence, advice.proposal().confidence(), 1e-9);
    assertEquals("heuristic", advice.advisor());
    assertEquals("", advice.prompt());
    assertEquals("", advice.rawAnswer());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cycles")
  void cycle_keepsLimitsWithinFloorsMaxAndCapacity(String name, TuningContext context,
      Map<String, Double> expected, double confidence) {

    Map<String, Double> limits = advisor.propose(context).proposal().limits();

    double floors = 0;
    double promised = 0;
    for (RuleSnapshot rule : context.rules()) {
      double limit = limits.get(rule.rule());
      assertTrue(limit >= rule.min(), rule.rule() + " got " + limit + " below min");
      assertTrue(limit <= rule.max(), rule.rule() + " got " + limit + " above max");
      floors += (double) rule.min() * rule.activeKeys() / rule.unitSeconds();
      promised += limit * rule.activeKeys() / rule.unitSeconds();
    }
    if (context.capacityRps() > 0 && floors <= context.capacityRps()) {
      assertTrue(promised <= context.capacityRps() + 1e-9, "promised " + promised + " rps");
    }
  }

  @Test
  void sameInput_givesSameAdvice() {
    TuningContext context = context(100,
        rule("enterprise", 40, 60, SurgeClass.SURGE, 2),
        rule("professional", 30, 30, SurgeClass.NORMAL, 2),
        rule("free", 20, 20, SurgeClass.NORMAL, 2));

    Advice first = advisor.propose(context);
    Advice second = new HeuristicAdvisor(new MutableClock(SampleContexts.NOW)).propose(context);

    assertEquals(first, second);
  }

  @Test
  void equalRevenue_servesConfigOrderFirst() {
    RuleSnapshot a = SampleContexts.snapshot("a", "gold", 10, 10, 100, 0.1, 100, 100,
        SurgeClass.NORMAL, 1);
    RuleSnapshot b = SampleContexts.snapshot("b", "gold", 10, 10, 100, 0.1, 100, 100,
        SurgeClass.NORMAL, 1);

    Map<String, Double> ab = advisor.propose(context(60, a, b)).proposal().limits();
    Map<String, Double> ba = advisor.propose(context(60, b, a)).proposal().limits();

    assertEquals(Map.of("a", 50.0, "b", 10.0), ab);
    assertEquals(Map.of("a", 10.0, "b", 50.0), ba);
  }

  @Test
  void rationale_statesCapacityAndGrants() {
    TuningContext context = context(100,
        rule("enterprise", 40, 60, SurgeClass.SURGE, 2),
        rule("professional", 30, 30, SurgeClass.NORMAL, 2),
        rule("free", 20, 20, SurgeClass.NORMAL, 2));

    String rationale = advisor.propose(context).proposal().rationale();

    assertTrue(rationale.contains("Capacity 100.0 rps, floors 52.0 rps, spare 48.0 rps"),
        rationale);
    assertTrue(rationale.contains(ENTERPRISE + ": demand 40.0, forecast 60.0 SURGE, target 75.0"
        + " rps over 2 keys wants 38, granted 38/s."), rationale);
    assertTrue(rationale.contains(PROFESSIONAL + ": demand 30.0, forecast 30.0 NORMAL, target"
        + " 37.5 rps over 2 keys wants 19, granted 9/s."), rationale);
  }

  @Test
  void brokenTelemetry_stillProposesWithinBounds() {
    RuleSnapshot broken = new RuleSnapshot(ENTERPRISE, "enterprise", 0, 15, -4, 15, 120, Double.NaN,
        Double.NaN, Double.POSITIVE_INFINITY, -1, 0, null);

    Advice advice = advisor.propose(new TuningContext(SampleContexts.NOW, List.of(broken),
        Double.NaN, 30, null));

    assertEquals(Map.of(ENTERPRISE, 120.0), advice.proposal().limits(),
        advice.proposal().rationale());
  }
}
