package dev.ratewise.loadtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A named list of phases, loaded from a YAML scenario file. A phase without {@code mix} takes
 * the previous phase's mix, and the first phase takes the command line's {@code --mix}. A phase
 * without {@code anonymous_addresses} gives anonymous callers as many addresses as
 * {@code addresses}.
 *
 * @param name the scenario's name
 * @param phases the phases in the order they run
 */
record Scenario(String name, List<Phase> phases) {
  private static final Set<String> PHASE_KEYS =
      Set.of("name", "duration", "rate", "rate_to", "mix", "keys", "addresses",
          "anonymous_addresses");

  Scenario {
    if (phases.isEmpty()) {
      throw new IllegalArgumentException("scenario " + name + " has no phases");
    }
    phases = List.copyOf(phases);
    Set<String> names = new HashSet<>();
    for (Phase phase : phases) {
      if (!names.add(phase.name())) {
        throw new IllegalArgumentException("phase name " + phase.name()
            + " is used twice; give each phase its own name, since reports count per phase");
      }
    }
  }

  /** Returns a one-phase scenario, as the command line builds it without a file. */
  static Scenario single(Duration duration, double rate, TierMix mix) {
    return new Scenario("command line", List.of(
        new Phase("main", duration, rate, rate, mix, Set.of(), Phase.DEFAULT_ADDRESSES,
            Phase.DEFAULT_ADDRESSES)));
  }

  Duration totalDuration() {
    return phases.stream().map(Phase::duration).reduce(Duration.ZERO, Duration::plus);
  }

  List<String> phaseNames() {
    return phases.stream().map(Phase::name).toList();
  }

  /** Returns every tier any phase names, in first-seen order. */
  List<String> tiers() {
    List<String> tiers = new ArrayList<>();
    for (Phase phase : phases) {
      phase.mix().tiers().stream().filter(tier -> !tiers.contains(tier)).forEach(tiers::add);
    }
    return tiers;
  }

  /**
   * Loads a scenario file.
   *
   * @throws IllegalArgumentException naming the file and the field when the content is invalid
   */
  static Scenario load(Path file, TierMix defaultMix) throws IOException {
    JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    try {
      return fromTree(root, defaultMix, file.getFileName().toString());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  static Scenario fromTree(JsonNode root, TierMix defaultMix, String fallbackName) {
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("expected a mapping with name and phases");
    }
    JsonNode phaseNodes = root.path("phases");
    if (!phaseNodes.isArray() || phaseNodes.isEmpty()) {
      throw new IllegalArgumentException("phases is missing or empty: give a list of phases");
    }
    List<Phase> phases = new ArrayList<>();
    TierMix mix = defaultMix;
    for (int i = 0; i < phaseNodes.size(); i++) {
      Phase phase = phase(phaseNodes.get(i), "phases[" + i + "]", mix);
      phases.add(phase);
      mix = phase.mix();
    }
    return new Scenario(root.path("name").asText(fallbackName), phases);
  }

  private static Phase phase(JsonNode node, String field, TierMix previousMix) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(field + " must be a mapping");
    }
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String key = names.next();
      if (!PHASE_KEYS.contains(key)) {
        throw new IllegalArgumentException(field + "." + key + " is not a phase key; expected one"
            + " of " + new java.util.TreeSet<>(PHASE_KEYS));
      }
    }
    String name = node.path("name").asText(field);
    Duration duration = DurationText.parse(node.path("duration").textValue(),
        field + ".duration");
    double rate = number(node, "rate", field, 0);
    double rateTo = number(node, "rate_to", field, rate);
    TierMix mix = node.has("mix") ? mix(node.get("mix"), field + ".mix") : previousMix;
    Set<String> keys = new HashSet<>();
    node.path("keys").forEach(key -> keys.add(key.asText()));
    int addresses = (int) number(node, "addresses", field, Phase.DEFAULT_ADDRESSES);
    int anonymousAddresses = (int) number(node, "anonymous_addresses", field, addresses);
    return new Phase(name, duration, rate, rateTo, mix, keys, addresses, anonymousAddresses);
  }

  private static double number(JsonNode node, String key, String field, double fallback) {
    JsonNode value = node.get(key);
    if (value == null) {
      return fallback;
    }
    if (!value.isNumber()) {
      throw new IllegalArgumentException(field + "." + key + " must be a number, got " + value);
    }
    return value.asDouble();
  }

  private static TierMix mix(JsonNode node, String field) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(field + " must map tiers to shares, such as {free: 1}");
    }
    Map<String, Double> weights = new LinkedHashMap<>();
    node.fields().forEachRemaining(entry -> {
      if (!entry.getValue().isNumber()) {
        throw new IllegalArgumentException(field + "." + entry.getKey()
            + " must be a number, got " + entry.getValue());
      }
      weights.put(entry.getKey(), entry.getValue().asDouble());
    });
    return new TierMix(weights);
  }
}
