package dev.ratewise.testing;

import io.lettuce.core.api.sync.RedisCommands;

/** Reads how many times Redis ran a command, from {@code INFO commandstats}. */
public final class CommandStats {
  private CommandStats() {}

  /**
   * Returns the calls of one command, such as "evalsha" or "script|load", since the server
   * started or since CONFIG RESETSTAT; 0 when it never ran.
   */
  public static long calls(RedisCommands<String, String> redis, String command) {
    String prefix = "cmdstat_" + command + ":";
    for (String line : redis.info("commandstats").split("\r?\n")) {
      if (line.startsWith(prefix)) {
        for (String field : line.substring(prefix.length()).split(",")) {
          if (field.startsWith("calls=")) {
            return Long.parseLong(field.substring("calls=".length()));
          }
        }
      }
    }
    return 0;
  }
}
