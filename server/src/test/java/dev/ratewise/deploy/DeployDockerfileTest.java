package dev.ratewise.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checks deploy/Dockerfile line by line. No Docker engine runs on the development machine, so the
 * image is never built here: these checks read the instructions and cannot tell whether a build
 * succeeds.
 */
class DeployDockerfileTest {
  private static final Path DOCKERFILE = RepositoryFiles.resolve("deploy/Dockerfile");

  @Test
  void stages_buildWithMavenAndRunOnJre17() {
    List<String> images = stageImages();

    assertEquals(2, images.size(), "stages " + images);
    assertTrue(images.get(0).startsWith("maven:"), "build stage image " + images.get(0));
    assertTrue(images.get(0).contains("temurin-17"), "build stage image " + images.get(0));
    assertTrue(images.get(1).contains(":17"), "runtime stage image " + images.get(1));
    assertTrue(images.get(1).contains("-jre"), "runtime stage image " + images.get(1));
    for (String image : images) {
      assertTrue(ContainerImages.isPinned(image), "unpinned image " + image);
    }
  }

  @Test
  void build_packagesServerJar() {
    List<String> lines = instructions();

    assertTrue(lines.stream().anyMatch(l -> l.startsWith("RUN") && l.contains("mvn -q -DskipTests package")),
        "no RUN with mvn -q -DskipTests package");
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("COPY --from=build")
        && l.contains("/server/target/ratewise-server.jar")), "the server jar is not copied");
  }

  @Test
  void runtime_runsAsNonRootUser() {
    List<String> runtime = runtimeStage();

    List<String> users = runtime.stream().filter(l -> l.startsWith("USER ")).toList();

    assertFalse(users.isEmpty(), "the runtime stage sets no USER, so it runs as root");
    String user = users.get(users.size() - 1).substring("USER ".length()).split(":")[0].trim();
    assertFalse(user.equals("root") || user.equals("0"), "USER " + user);
  }

  @Test
  void runtime_checksHealthzAndExposesPorts() {
    List<String> runtime = runtimeStage();

    String healthcheck = runtime.stream().filter(l -> l.startsWith("HEALTHCHECK")).findFirst().orElse("");
    String expose = runtime.stream().filter(l -> l.startsWith("EXPOSE")).findFirst().orElse("");

    assertTrue(healthcheck.contains("http://127.0.0.1:8080/healthz"), "HEALTHCHECK " + healthcheck);
    assertTrue(expose.matches(".*\\b8080\\b.*"), expose);
    assertTrue(expose.matches(".*\\b8081\\b.*"), expose);
  }

  /** Returns the Dockerfile's instructions with comments dropped and continuation lines joined. */
  private static List<String> instructions() {
    List<String> instructions = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : RepositoryFiles.read(DOCKERFILE).split("\n")) {
      String trimmed = line.trim();
      if (trimmed.startsWith("#") || trimmed.isEmpty()) {
        continue;
      }
      boolean continues = trimmed.endsWith("\\");
      current.append(continues ? trimmed.substring(0, trimmed.length() - 1) : trimmed).append(' ');
      if (!continues) {
        instructions.add(current.toString().trim().replaceAll("\\s+", " "));
        current.setLength(0);
      }
    }
    return instructions;
  }

  private static List<String> stageImages() {
    return instructions().stream()
        .filter(l -> l.startsWith("FROM "))
        .map(l -> l.split(" ")[1])
        .toList();
  }

  private static List<String> runtimeStage() {
    List<String> lines = instructions();
    int lastFrom = 0;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("FROM ")) {
        lastFrom = i;
      }
    }
    return lines.subList(lastFrom, lines.size());
  }
}
