package dev.ratewise.loadtest.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ScenarioFileTest {
  private static final String VALID = """
      name: tiny
      tiers:
        - {name: enterprise, rule: enterprise_tenant}
        - {name: anonymous}
      tenants:
        - {name: acme, tier: enterprise, api_key: ent-acme-key, address: 198.51.100.11}
        - {name: anon, tier: anonymous, address: 203.0.113.41}
      phases:
        - {name: quiet, length: 2s, init: true}
        - {name: surge, length: 4s, surge: true, demand: {enterprise: [10, 30]}}
      backend: {capacity_rps: 50, latency: 20ms, overload_latency: 800ms}
      tuning_interval: 1s
      check_timeout: 200ms
      sample_interval: 500ms
      forecast: {alarm_probability: 0.5, surge_onset_factor: 2.0, early_warning_window: 10s}
      """;

  @Test
  void seedDemoFile_loadsFivePhases() throws IOException {
    DemoScenario scenario = ScenarioFile.load(Path.of("scenarios/seed-demo.yaml"));

    assertEquals("seed-demo", scenario.name());
    assertEquals(5, scenario.phases().size());
    assertEquals(8, scenario.tenants().size());
    assertTrue(scenario.length().compareTo(Duration.ofSeconds(80)) <= 0,
        "one run must fit in 80 s, got " + scenario.length());
  }

  @Test
  void validFile_rampsDemandWithinPhase() {
    DemoScenario scenario = ScenarioFile.parse("tiny.yaml", VALID);
    DemoScenario.Tenant acme = scenario.tenants().get(0);
    DemoScenario.Tenant anon = scenario.tenants().get(1);

    double quiet = scenario.demandAt(acme, Duration.ofSeconds(1));
    double surgeStart = scenario.demandAt(acme, Duration.ofSeconds(2));
    double surgeMiddle = scenario.demandAt(acme, Duration.ofSeconds(4));
    double anonymous = scenario.demandAt(anon, Duration.ofSeconds(4));

    assertEquals(0, quiet);
    assertEquals(10, surgeStart, 1e-9);
    assertEquals(20, surgeMiddle, 1e-9);
    assertEquals(0, anonymous);
    assertEquals("", anon.apiKey());
    assertEquals(Duration.ofMillis(500), scenario.sampleInterval());
  }

  static Stream<Arguments> invalidFiles() {
    return Stream.of(
        Arguments.of("name: tiny", "name: ''", "name: missing or empty"),
        Arguments.of("tier: enterprise, api_key", "tier: gold, api_key",
            "tenants[0].tier: unknown tier 'gold'"),
        Arguments.of("length: 4s, surge", "length: 4, surge",
            "phases[1].length: expected a duration"),
        Arguments.of("[10, 30]", "[10]", "phases[1].demand.enterprise: expected [from, to]"),
        Arguments.of("surge: true,", "surge: yes please,",
            "phases[1].surge: expected true or false"),
        Arguments.of("alarm_probability: 0.5", "alarm_probability: 1.5",
            "forecast.alarm_probability: expected a probability"),
        Arguments.of("surge: true,", "surge: false,", "phases: no phase has surge: true"),
        Arguments.of("tuning_interval: 1s", "tuning_interval: 0s",
            "tuning_interval: must be longer than 0"));
  }

  @ParameterizedTest
  @MethodSource("invalidFiles")
  void invalidValue_namesFileAndKey(String from, String to, String expected) {
    String yaml = VALID.replace(from, to);

    IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
        () -> ScenarioFile.parse("tiny.yaml", yaml));

    assertTrue(error.getMessage().startsWith("tiny.yaml: " + expected),
        "message was: " + error.getMessage());
  }
}
