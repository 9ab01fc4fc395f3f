package dev.ratewise.config;

/** A config file that cannot be loaded. The message names the file, the line and the key path. */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }

  static ConfigException at(SourceLocation location, String path, String message) {
    String where = path.isEmpty() ? location.toString() : location + ": " + path;
    return new ConfigException(where + ": " + message);
  }
}
