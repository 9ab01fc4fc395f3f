package dev.ratewise.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigWatcherTest {
  private static final String GOOD = """
      domain: d
      descriptors:
        - {key: a, rate_limit: {unit: second, requests_per_unit: %d}}
      """;

  @Test
  void changedFile_reloads(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("c.yaml");
    Files.writeString(file, GOOD.formatted(1));
    AtomicReference<RatewiseConfig> loaded = new AtomicReference<>();
    List<Boolean> results = new ArrayList<>();
    ConfigWatcher watcher = new ConfigWatcher(dir, loaded::set, results::add);

    Files.writeString(file, GOOD.formatted(7));
    boolean reloaded = watcher.poll();

    assertTrue(reloaded);
    assertEquals(List.of(true), results);
    long limit = loaded.get().domains().get("d").descriptors().get(0).rateLimit()
        .requestsPerUnit();
    assertEquals(7, limit);
  }

  @Test
  void badReload_keepsLastGoodConfigAndCountsFailure(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("c.yaml");
    Files.writeString(file, GOOD.formatted(1));
    AtomicReference<RatewiseConfig> loaded = new AtomicReference<>();
    List<Boolean> results = new ArrayList<>();
    ConfigWatcher watcher = new ConfigWatcher(dir, loaded::set, results::add);

    Files.writeString(file, "domain: d\ndescriptors: [{key: a, rate_limit: {unit: eon}}]\n");
    watcher.poll();

    assertEquals(List.of(false), results);
    assertEquals(null, loaded.get());
  }

  @Test
  void unchangedFiles_doNotReload(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("c.yaml"), GOOD.formatted(1));
    List<Boolean> results = new ArrayList<>();
    ConfigWatcher watcher = new ConfigWatcher(dir, config -> {}, results::add);

    boolean reloaded = watcher.poll();

    assertFalse(reloaded);
    assertTrue(results.isEmpty());
  }

  @Test
  void symlinkSwap_reloadsLikeAConfigMapUpdate(@TempDir Path dir) throws Exception {
    Path first = Files.createDirectory(dir.resolve("..2026_01"));
    Path second = Files.createDirectory(dir.resolve("..2026_02"));
    Files.writeString(first.resolve("c.yaml"), GOOD.formatted(1));
    Files.writeString(second.resolve("c.yaml"), GOOD.formatted(9));
    Path data = Files.createSymbolicLink(dir.resolve("..data"), first.getFileName());
    Files.createSymbolicLink(dir.resolve("c.yaml"), Path.of("..data/c.yaml"));
    AtomicReference<RatewiseConfig> loaded = new AtomicReference<>();
    ConfigWatcher watcher = new ConfigWatcher(dir, loaded::set, succeeded -> {});

    Path swap = Files.createSymbolicLink(dir.resolve("..data_tmp"), second.getFileName());
    Files.move(swap, data, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    watcher.poll();

    long limit = loaded.get().domains().get("d").descriptors().get(0).rateLimit()
        .requestsPerUnit();
    assertEquals(9, limit);
  }
}
