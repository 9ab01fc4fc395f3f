package dev.ratewise.bench;

import dev.ratewise.Ratewise;
import dev.ratewise.ServerSettings;
import dev.ratewise.config.ConfigException;
import dev.ratewise.config.ConfigLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;

/**
 * Starts ratewise in this process, on free loopback ports, with a config folder that contains the
 * bundled example (domain {@code ratewise}) and the bench rules (domain {@code bench}).
 */
final class BenchServers {
  private final Path configDir;
  private final Path stateDir;

  private BenchServers(Path configDir, Path stateDir) {
    this.configDir = configDir;
    this.stateDir = stateDir;
  }

  static BenchServers create() throws IOException {
    Path root = Files.createTempDirectory("ratewise-bench");
    Path configDir = Files.createDirectories(root.resolve("config"));
    copyResource(ConfigLoader.BUNDLED_EXAMPLE, configDir.resolve("ratewise.yaml"));
    copyResource("bench/bench.yaml", configDir.resolve("bench.yaml"));
    return new BenchServers(configDir, Files.createDirectories(root.resolve("state")));
  }

  /** Returns the test settings: free ports, the in-process store, tuning off. */
  ServerSettings settings() {
    return ServerSettings.forTests(configDir, stateDir);
  }

  Ratewise start(ServerSettings settings) throws IOException, ConfigException {
    return Ratewise.start(settings, Clock.systemUTC());
  }

  /** Closes resources in reverse order of opening, and throws the first failure at the end. */
  static void closeAll(List<AutoCloseable> resources) throws Exception {
    Exception first = null;
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private static void copyResource(String name, Path target) throws IOException {
    try (InputStream in = BenchServers.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("resource " + name + " is missing from the classpath");
      }
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
