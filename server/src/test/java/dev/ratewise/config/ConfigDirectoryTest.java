package dev.ratewise.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A config directory with no YAML file in it once loaded as a valid config with no domains. On a
 * live reload, moving the only file aside for an edit therefore dropped every limit, so all
 * traffic was allowed, and lost the tuned limits and pending approvals. A broken symbolic link
 * named like a config file was skipped without a word, silently dropping its domain. A file
 * that is not UTF-8 was reported as "Input length = 1". A file of hundreds of megabytes was read
 * whole and ran the JVM out of heap, even in the config watcher's background thread.
 */
class ConfigDirectoryTest {
  private static final String GOOD = """
      domain: d
      descriptors:
        - {key: a, rate_limit: {unit: second, requests_per_unit: 1}}
      """;

  @Test
  void emptyDirectory_isRejected(@TempDir Path dir) {
    ConfigException error = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir));

    assertTrue(error.getMessage().startsWith(dir.toString()), error.getMessage());
    assertTrue(error.getMessage().contains("no *.yaml or *.yml"), error.getMessage());
  }

  @Test
  void brokenSymlink_isRejectedByName(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a.yaml"), GOOD);
    Path link = Files.createSymbolicLink(dir.resolve("b.yaml"), dir.resolve("missing.yaml"));

    ConfigException error = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir));

    assertTrue(error.getMessage().contains(link.toString()), error.getMessage());
  }

  @Test
  void emptiedDirectoryOnReload_keepsLastGoodConfig(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("c.yaml");
    Files.writeString(file, GOOD);
    AtomicReference<RatewiseConfig> loaded = new AtomicReference<>();
    List<Boolean> results = new ArrayList<>();
    ConfigWatcher watcher = new ConfigWatcher(dir, loaded::set, results::add);

    Files.move(file, dir.resolve("c.yaml.bak"));
    watcher.poll();

    assertEquals(List.of(false), results);
    assertNull(loaded.get());
  }

  @Test
  void nonUtf8File_isRejectedAsNotUtf8(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("c.yaml");
    Files.write(file, new byte[] {'d', ':', ' ', (byte) 0xff, (byte) 0xfe, '\n'});

    ConfigException error = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));

    assertEquals(file + ": invalid config file: not UTF-8 text", error.getMessage());
  }

  @Test
  void oversizeFile_isRejectedBeforeReading(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("c.yaml");
    try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
      sparse.setLength(ConfigLoader.MAX_FILE_BYTES + 1);
    }

    ConfigException error = assertThrows(ConfigException.class, () -> ConfigLoader.load(file));

    assertTrue(error.getMessage().contains("above the maximum"), error.getMessage());
  }

  @Test
  void oversizeFileOnReload_keepsLastGoodConfig(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("a.yaml"), GOOD);
    AtomicReference<RatewiseConfig> loaded = new AtomicReference<>();
    List<Boolean> results = new ArrayList<>();
    ConfigWatcher watcher = new ConfigWatcher(dir, loaded::set, results::add);

    try (RandomAccessFile sparse = new RandomAccessFile(dir.resolve("b.yaml").toFile(), "rw")) {
      sparse.setLength(ConfigLoader.MAX_FILE_BYTES + 1);
    }
    watcher.poll();

    assertEquals(List.of(false), results);
    assertNull(loaded.get());
  }

  @Test
  void characterDevice_isRejected() {
    Path device = Path.of("/dev/zero");

    ConfigException error = assertThrows(ConfigException.class, () -> ConfigLoader.load(device));

    assertTrue(error.getMessage().contains("not a regular file"), error.getMessage());
  }
}
