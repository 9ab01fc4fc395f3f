package dev.ratewise.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Finds and reads the deployment files of the repository that contains the test run. */
final class RepositoryFiles {
  static final YAMLMapper YAML = new YAMLMapper();
  static final ObjectMapper JSON = new ObjectMapper();

  private RepositoryFiles() {}

  /**
   * Returns the repository root: the nearest folder at or above the working directory that
   * contains both {@code envoy/} and {@code pom.xml}. Maven runs the tests in {@code server/}, an
   * IDE often in the root, so both work.
   */
  static Path root() {
    Path start = Path.of("").toAbsolutePath().normalize();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("envoy")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "no folder with envoy/ and pom.xml found at or above " + start);
  }

  static Path resolve(String relativePath) {
    return root().resolve(relativePath);
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("failed to read " + file, e);
    }
  }

  static JsonNode readYaml(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("invalid YAML in " + file, e);
    }
  }

  /** Reads every YAML document of a multi-document file such as a Kubernetes manifest. */
  static List<JsonNode> readYamlDocuments(Path file) {
    try (var parser = YAML.getFactory().createParser(file.toFile())) {
      return YAML.readValues(parser, JsonNode.class).readAll().stream()
          .filter(node -> node != null && !node.isNull() && !node.isMissingNode())
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("invalid YAML in " + file, e);
    }
  }

  static JsonNode readJson(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("invalid JSON in " + file, e);
    }
  }

  /** Lists the files directly in {@code folder} whose names end in one of {@code suffixes}. */
  static List<Path> list(Path folder, String... suffixes) {
    try (Stream<Path> files = Files.list(folder)) {
      return files
          .filter(Files::isRegularFile)
          .filter(file -> Stream.of(suffixes).anyMatch(file.getFileName().toString()::endsWith))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("failed to list " + folder, e);
    }
  }
}
