package dev.ratewise.envoy;

import dev.ratewise.config.ConfigException;
import dev.ratewise.config.ConfigLoader;
import dev.ratewise.config.RatewiseConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Variants of the bundled example config for Check tests. */
final class Configs {
  private Configs() {}

  static RatewiseConfig bundled() throws ConfigException {
    return ConfigLoader.loadBundledExample();
  }

  /** Returns the bundled config with one text replaced, which must occur in it. */
  static RatewiseConfig bundledWith(String target, String replacement) throws ConfigException {
    String text = bundledText();
    if (!text.contains(target)) {
      throw new IllegalArgumentException("the bundled config has no '" + target + "'");
    }
    return ConfigLoader.loadTexts(Map.of("variant.yaml", text.replace(target, replacement)));
  }

  static RatewiseConfig rejectingAnonymous() throws ConfigException {
    return bundledWith("anonymous: anonymous", "anonymous: reject");
  }

  static String bundledText() {
    try (InputStream in = Configs.class.getClassLoader()
        .getResourceAsStream(ConfigLoader.BUNDLED_EXAMPLE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
