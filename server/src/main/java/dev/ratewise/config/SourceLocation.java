package dev.ratewise.config;

/** A place in a config file, for error messages. Lines start at 1. */
public record SourceLocation(String file, int line) {
  @Override
  public String toString() {
    return file + ":" + line;
  }
}
