package dev.ratewise.config;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the config when its files change. It polls a digest of the file names and contents
 * instead of using a file-system watch, because Kubernetes updates a mounted ConfigMap by swapping
 * a {@code ..data} symlink, which watch services do not report as a change of the files. A bad
 * reload is logged and reported, and the last good config stays in force.
 */
public final class ConfigWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConfigWatcher.class);

  private final Path path;
  private final Consumer<RatewiseConfig> onLoaded;
  private final Listener listener;
  private byte[] lastDigest;
  private ScheduledFuture<?> task;

  /** Receives reload results, for metrics. */
  public interface Listener {
    void onReload(boolean succeeded);
  }

  /**
   * @param path the file or directory that was loaded at startup
   * @param onLoaded receives each new config that loads cleanly
   */
  public ConfigWatcher(Path path, Consumer<RatewiseConfig> onLoaded, Listener listener) {
    this.path = path;
    this.onLoaded = onLoaded;
    this.listener = listener;
    this.lastDigest = digestOrNull();
  }

  /** Starts polling on the given executor. */
  public void start(ScheduledExecutorService executor, long periodMillis) {
    task = executor.scheduleWithFixedDelay(this::poll, periodMillis, periodMillis,
        TimeUnit.MILLISECONDS);
  }

  /** Checks the files once and reloads if they changed. Returns whether a reload happened. */
  public boolean poll() {
    byte[] digest = digestOrNull();
    if (digest == null || Arrays.equals(digest, lastDigest)) {
      return false;
    }
    lastDigest = digest;
    try {
      RatewiseConfig config = ConfigLoader.load(path);
      onLoaded.accept(config);
      listener.onReload(true);
      log.info("reloaded config from {}: {} domains", path, config.domains().size());
    } catch (ConfigException e) {
      listener.onReload(false);
      log.error("config reload failed, keeping the last good config: {}", e.getMessage());
    } catch (RuntimeException e) {
      listener.onReload(false);
      log.error("config reload failed, keeping the last good config", e);
    }
    return true;
  }

  private byte[] digestOrNull() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      List<Path> files = ConfigLoader.listFiles(path);
      for (Path file : files) {
        digest.update(file.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        long size = Files.size(file);
        if (size > ConfigLoader.MAX_FILE_BYTES) {
          // Too large to read, but its size and time still change the digest. The load rejects it.
          digest.update(ByteBuffer.allocate(2 * Long.BYTES).putLong(size)
              .putLong(Files.getLastModifiedTime(file).toMillis()).array());
        } else {
          digest.update(Files.readAllBytes(file));
        }
      }
      return digest.digest();
    } catch (ConfigException | IOException e) {
      // A file that vanishes mid-swap is read again on the next poll.
      log.debug("cannot read config files under {}: {}", path, e.getMessage());
      return null;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  @Override
  public void close() {
    if (task != null) {
      task.cancel(false);
    }
  }
}
