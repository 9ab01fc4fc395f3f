package dev.ratewise.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigLoaderTest {
  /** The reference service's own example file, which must load unchanged. */
  static final String REFERENCE_EXAMPLE = """
      ---
      domain: rl
      descriptors:
        - key: source_cluster
          value: proxy
          descriptors:
            - key: destination_cluster
              value: mock
              rate_limit:
                unit: minute
                requests_per_unit: 1
        - key: foo
          rate_limit:
            unit: minute
            requests_per_unit: 2
          descriptors:
            - key: bar
              rate_limit:
                unit: minute
                requests_per_unit: 3
            - key: bar
              value: banned
              rate_limit:
                unit: minute
                requests_per_unit: 0
            - key: baz
              rate_limit:
                unit: second
                requests_per_unit: 1
            - key: bay
              rate_limit:
                unlimited: true
            - key: baz
              value: shady
              rate_limit:
                unit: minute
                requests_per_unit: 1
              shadow_mode: true
        - key: qux
          rate_limit:
            unlimited: true
      """;

  @Test
  void referenceExample_loadsWithSameTree() throws ConfigException {
    RatewiseConfig config = ConfigLoader.loadTexts(Map.of("example.yaml", REFERENCE_EXAMPLE));

    DomainConfig domain = config.domains().get("rl");
    assertEquals(3, domain.descriptors().size());
    DescriptorRule foo = domain.descriptors().get(1);
    assertEquals("rl.foo", foo.path());
    assertNull(foo.value());
    assertEquals(2, foo.rateLimit().requestsPerUnit());
    assertEquals(Unit.MINUTE, foo.rateLimit().unit());
    DescriptorRule banned = foo.descriptors().get(1);
    assertEquals("rl.foo.bar_banned", banned.path());
    assertEquals(0, banned.rateLimit().requestsPerUnit());
    assertTrue(foo.descriptors().get(3).rateLimit().unlimited());
    assertTrue(foo.descriptors().get(4).shadowMode());
  }

  @Test
  void bundledExample_loadsWithTiersTenantsAndTuning() throws ConfigException {
    RatewiseConfig config = ConfigLoader.loadBundledExample();

    assertEquals(List.of("enterprise", "professional", "free"), config.tiers());
    assertEquals("acme", config.tenants().get("ent-acme-key").tenant());
    assertEquals("ratewise", config.identityDomain().orElseThrow());
    assertEquals(200, config.tuning().capacityRps());
    DescriptorRule enterprise = config.domains().get("ratewise").descriptors().get(0)
        .descriptors().get(0);
    assertEquals(15, enterprise.rateLimit().requestsPerUnit());
    assertEquals(new AdaptiveSpec(15, 120, 0.20), enterprise.adaptive());
  }

  @Test
  void unitNames_areCaseInsensitiveAndCoverEveryUnit() throws ConfigException {
    String yaml = """
        domain: units
        descriptors:
          - {key: a, rate_limit: {unit: SECOND, requests_per_unit: 1}}
          - {key: b, rate_limit: {unit: Minute, requests_per_unit: 1}}
          - {key: c, rate_limit: {unit: hour, requests_per_unit: 1}}
          - {key: d, rate_limit: {unit: day, requests_per_unit: 1}}
          - {key: e, rate_limit: {unit: week, requests_per_unit: 1}}
          - {key: f, rate_limit: {unit: month, requests_per_unit: 1}}
          - {key: g, rate_limit: {unit: year, requests_per_unit: 4294967295}}
        """;

    RatewiseConfig config = ConfigLoader.loadTexts(Map.of("units.yaml", yaml));

    List<DescriptorRule> rules = config.domains().get("units").descriptors();
    assertEquals(Unit.MINUTE, rules.get(1).rateLimit().unit());
    assertEquals(2_592_000, rules.get(5).rateLimit().unit().seconds());
    assertEquals(31_536_000, rules.get(6).rateLimit().unit().seconds());
    assertEquals(4_294_967_295L, rules.get(6).rateLimit().requestsPerUnit());
  }

  static Stream<Arguments> invalidFiles() {
    return Stream.of(
        Arguments.of("unknown key", """
            domain: d
            descriptors:
              - key: a
                rate_limt: {unit: second, requests_per_unit: 1}
            """, "bad.yaml:4: descriptors[0].rate_limt: unknown key 'rate_limt'"),
        Arguments.of("duplicate key and value", """
            domain: d
            descriptors:
              - key: a
                value: x
              - key: a
                value: x
            """, "bad.yaml:5: descriptors[1]: duplicate descriptor composite key 'd.a_x'"),
        Arguments.of("unknown unit", """
            domain: d
            descriptors:
              - key: a
                rate_limit: {unit: fortnight, requests_per_unit: 1}
            """, "bad.yaml:4: descriptors[0].rate_limit.unit: invalid rate limit unit 'fortnight'"),
        Arguments.of("unlimited with unit", """
            domain: d
            descriptors:
              - key: a
                rate_limit: {unlimited: true, unit: second}
            """, "bad.yaml:4: descriptors[0].rate_limit: should not specify rate limit unit"),
        Arguments.of("negative requests", """
            domain: d
            descriptors:
              - key: a
                rate_limit: {unit: second, requests_per_unit: -1}
            """, "bad.yaml:4: descriptors[0].rate_limit.requests_per_unit: value -1 is out of"),
        Arguments.of("requests above uint32", """
            domain: d
            descriptors:
              - key: a
                rate_limit: {unit: second, requests_per_unit: 4294967296}
            """, "requests_per_unit: value 4294967296 is out of range 0 to 4294967295"),
        Arguments.of("empty domain", """
            domain: ""
            descriptors: []
            """, "bad.yaml:1: domain: config file cannot have empty domain"),
        Arguments.of("empty file", "", "bad.yaml:1: config file cannot have empty domain"),
        Arguments.of("empty key", """
            domain: d
            descriptors:
              - value: x
            """, "bad.yaml:3: descriptors[0]: descriptor has empty key"),
        Arguments.of("nested path", """
            domain: d
            descriptors:
              - key: a
                descriptors:
                  - key: b
                    rate_limit: {unit: second, requests_per_unit: nope}
            """, "bad.yaml:6: descriptors[0].descriptors[0].rate_limit.requests_per_unit:"),
        Arguments.of("replaces itself", """
            domain: d
            descriptors:
              - key: a
                rate_limit:
                  unit: second
                  requests_per_unit: 1
                  name: a
                  replaces: [{name: a}]
            """, "replaces should not contain name of same descriptor"),
        Arguments.of("repeated mapping key", """
            domain: d
            domain: e
            """, "bad.yaml:2"),
        Arguments.of("broken yaml", "domain: [unclosed\n", "bad.yaml:2: error loading config file"),
        Arguments.of("adaptive outside bounds", """
            domain: d
            descriptors:
              - key: a
                rate_limit: {unit: second, requests_per_unit: 50}
                adaptive: {min: 1, max: 10}
            """, "bad.yaml:5: descriptors[0].adaptive: requests_per_unit 50 is outside"),
        Arguments.of("bad tuning value", """
            domain: d
            tuning:
              approval_factor: 0.5
            """, "bad.yaml:3: tuning.approval_factor: approval_factor must be greater than 1"),
        Arguments.of("tenant with unknown tier", """
            domain: d
            tiers: [{name: gold}]
            tenants:
              - {api_key: k1, tenant: t, tier: silver}
            """, "bad.yaml:4: tenants[0].tier: unknown tier 'silver'"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidFiles")
  void invalidFile_failsNamingFileLineAndPath(String name, String yaml, String expected) {
    ConfigException error = assertThrows(ConfigException.class,
        () -> ConfigLoader.loadTexts(Map.of("bad.yaml", yaml)));

    assertTrue(error.getMessage().contains(expected),
        () -> "expected message containing <" + expected + "> but was <" + error.getMessage()
            + ">");
  }

  @Test
  void domainInTwoFiles_failsNamingBothFiles() {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("one.yaml", "domain: shared\n");
    files.put("two.yaml", "\ndomain: shared\n");

    ConfigException error = assertThrows(ConfigException.class,
        () -> ConfigLoader.loadTexts(files));

    assertTrue(error.getMessage().startsWith("two.yaml:2: domain: duplicate domain 'shared'"),
        error.getMessage());
    assertTrue(error.getMessage().contains("one.yaml:1"), error.getMessage());
  }

  @Test
  void referenceKeyAtWrongLevel_isIgnoredLikeTheReference() throws ConfigException {
    String yaml = """
        domain: d
        descriptors:
          - key: a
            unit: second
            rate_limit: {unit: second, requests_per_unit: 1}
        """;

    RatewiseConfig config = ConfigLoader.loadTexts(Map.of("f.yaml", yaml));

    assertEquals(1, config.domains().get("d").descriptors().size());
  }

  @Test
  void directory_loadsYamlFilesAndSkipsDotfiles(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a.yaml"), "domain: a\n");
    Files.writeString(dir.resolve("b.yml"), "domain: b\n");
    Files.writeString(dir.resolve(".hidden.yaml"), "domain: hidden\n");
    Files.writeString(dir.resolve("notes.txt"), "not yaml");
    Files.createDirectory(dir.resolve("..data"));

    RatewiseConfig config = ConfigLoader.load(dir);

    assertEquals(2, config.domains().size());
    assertTrue(config.domains().containsKey("a"));
    assertTrue(config.domains().containsKey("b"));
    assertFalse(config.domains().containsKey("hidden"));
  }

  @Test
  void missingPath_failsNamingIt(@TempDir Path dir) {
    Path missing = dir.resolve("nope.yaml");

    ConfigException error = assertThrows(ConfigException.class, () -> ConfigLoader.load(missing));

    assertTrue(error.getMessage().contains("nope.yaml: config path not found"), error.getMessage());
  }
}
