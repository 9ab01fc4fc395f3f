package dev.ratewise.loadtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.ratewise.config.ConfigLoader;
import dev.ratewise.config.RatewiseConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScenarioTest {
  private static final TierMix DEFAULT_MIX = TierMix.parse("enterprise=1");

  @ParameterizedTest
  @ValueSource(strings = {"ramp.yaml", "step-surge.yaml", "flash-crowd.yaml",
      "ddos-one-tenant.yaml", "ddos-few-addresses.yaml"})
  void shippedScenario_loadsAndFitsBundledConfig(String file) throws Exception {
    RatewiseConfig config = ConfigLoader.loadBundledExample();

    Scenario scenario = Scenario.load(Path.of("scenarios", file), DEFAULT_MIX);

    assertEquals(file.replace(".yaml", ""), scenario.name());
    for (Phase phase : scenario.phases()) {
      new CallerPool(config.tenants().values(), "free", phase.mix(), phase.keys(),
          phase.addresses(), phase.anonymousAddresses());
    }
  }

  @Test
  void ddosOneTenant_floodsFromAliceKeyOnly() throws Exception {
    Scenario scenario = Scenario.load(Path.of("scenarios", "ddos-one-tenant.yaml"), DEFAULT_MIX);

    Phase flood = scenario.phases().get(1);

    assertEquals(Set.of("free-alice-key"), flood.keys());
    assertEquals(3, flood.addresses());
    assertEquals(1500, flood.rate());
    assertEquals(Duration.ofSeconds(40), scenario.totalDuration());
  }

  @Test
  void phaseWithoutMix_takesPreviousPhaseMix() {
    JsonNode tree = yaml("""
        phases:
          - {duration: 1s, rate: 10}
          - {duration: 1s, rate: 10, mix: {free: 1}}
          - {duration: 1s, rate: 20}
        """);

    Scenario scenario = Scenario.fromTree(tree, DEFAULT_MIX, "inline");

    assertEquals(java.util.List.of("enterprise"), scenario.phases().get(0).mix().tiers());
    assertEquals(java.util.List.of("free"), scenario.phases().get(1).mix().tiers());
    assertEquals(java.util.List.of("free"), scenario.phases().get(2).mix().tiers());
    assertEquals(java.util.List.of("enterprise", "free"), scenario.tiers());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "100|300|0|100",
      "100|300|5000|200",
      "100|300|10000|300",
      "100|300|20000|300",
      "400|100|2500|325",
  })
  void rampPhase_rateIsLinearInElapsedTime(double rate, double rateTo, long elapsedMillis,
      double expected) {
    Phase phase = new Phase("ramp", Duration.ofSeconds(10), rate, rateTo, DEFAULT_MIX, Set.of(),
        1, 1);

    double actual = phase.rateAt(Duration.ofMillis(elapsedMillis).toNanos());

    assertEquals(expected, actual, 1e-9);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "'phases: [{duration: 1s, rate: 10, speed: 3}]'|phases[0].speed is not a phase key",
      "'phases: [{duration: ten, rate: 10}]'|invalid phases[0].duration 'ten'",
      "'phases: [{rate: 10}]'|phases[0].duration is missing",
      "'phases: [{duration: 1s, rate: fast}]'|phases[0].rate must be a number",
      "'phases: [{duration: 1s, rate: 10, rate_to: 0}]'|rate and rate_to must both be positive",
      "'phases: [{duration: 1s, mix: {free: x}}]'|phases[0].mix.free must be a number",
      "'name: empty'|phases is missing or empty",
      "'phases: [{name: a, duration: 1s}, {name: a, duration: 2s}]'|phase name a is used twice",
  })
  void invalidScenario_namesTheField(String text, String message) {
    JsonNode tree = yaml(text);

    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> Scenario.fromTree(tree, DEFAULT_MIX, "inline"));

    assertTrue(error.getMessage().contains(message), error.getMessage());
  }

  private static JsonNode yaml(String text) {
    try {
      return new ObjectMapper(new YAMLFactory()).readTree(text);
    } catch (Exception e) {
      throw new IllegalStateException("test YAML does not parse: " + text, e);
    }
  }
}
