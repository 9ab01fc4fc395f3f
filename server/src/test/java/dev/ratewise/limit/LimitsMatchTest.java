package dev.ratewise.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.ratewise.config.ConfigLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LimitsMatchTest {
  static final String CONFIG = """
      domain: m
      descriptors:
        - key: path
          value: /exact
          rate_limit: {unit: second, requests_per_unit: 1, name: exact}
        - key: path
          value: /api/*
          rate_limit: {unit: second, requests_per_unit: 2, name: prefix}
        - key: path
          value: "*-prod-*"
          rate_limit: {unit: second, requests_per_unit: 3, name: infix}
        - key: path
          rate_limit: {unit: second, requests_per_unit: 4, name: default}
        - key: tier
          value: gold
          descriptors:
            - key: tenant
              rate_limit: {unit: second, requests_per_unit: 5, name: gold_tenant}
        - key: group
          rate_limit: {unit: second, requests_per_unit: 6, name: group}
      """;

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(List.of("path", "/exact"), "exact"),
        Arguments.of(List.of("path", "/api/v1"), "prefix"),
        Arguments.of(List.of("path", "/api/"), "prefix"),
        Arguments.of(List.of("path", "eu-prod-7"), "infix"),
        Arguments.of(List.of("path", "/other"), "default"),
        Arguments.of(List.of("tier", "gold", "tenant", "acme"), "gold_tenant"),
        Arguments.of(List.of("tier", "gold"), ""),
        Arguments.of(List.of("tier", "silver", "tenant", "acme"), ""),
        Arguments.of(List.of("group", "a", "deeper", "b"), ""),
        Arguments.of(List.of("unknown", "x"), ""));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("cases")
  void descriptor_matchesRuleInReferenceOrder(List<String> pairs, String expectedName)
      throws Exception {
    Limits limits = Limits.compile(ConfigLoader.loadTexts(Map.of("m.yaml", CONFIG)));
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < pairs.size(); i += 2) {
      entries.add(new Entry(pairs.get(i), pairs.get(i + 1)));
    }

    Rule rule = limits.match("m", entries);

    assertEquals(expectedName, rule == null ? "" : rule.name());
  }
}
