package dev.ratewise.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The results of one benchmark: its settings, its rows and the targets it checks. Written as
 * {@code <bench>.json} in the output folder.
 */
final class Report {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(SerializationFeature.INDENT_OUTPUT)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private final Map<String, Object> fields = new LinkedHashMap<>();
  private final List<TargetCheck> targets = new ArrayList<>();

  Report(String bench, String description) {
    fields.put("bench", bench);
    fields.put("description", description);
    fields.put("at", Instant.now().toString());
    fields.put("availableProcessors", Runtime.getRuntime().availableProcessors());
    fields.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
  }

  Report put(String name, Object value) {
    fields.put(name, value);
    return this;
  }

  Report target(TargetCheck check) {
    targets.add(check);
    return this;
  }

  List<TargetCheck> targets() {
    return targets;
  }

  String bench() {
    return (String) fields.get("bench");
  }

  /** Writes the report to {@code <folder>/<bench>.json} and returns the file. */
  Path write(Path folder) throws IOException {
    Files.createDirectories(folder);
    Map<String, Object> out = new LinkedHashMap<>(fields);
    out.put("targets", targets);
    Path file = folder.resolve(bench() + ".json");
    JSON.writeValue(file.toFile(), out);
    return file;
  }
}
