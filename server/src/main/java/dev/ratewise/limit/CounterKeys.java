package dev.ratewise.limit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * Builds counter keys. Every part is length-prefixed, so ("a_b", "c") and ("a", "b_c") are
 * different counters, and a value longer than {@link #MAX_RAW_VALUE_CHARS} is replaced by its
 * SHA-256, so a 64 KB header value still makes a key of bounded length.
 *
 * <p>Example: domain "ratewise", entries [tier=free, tenant=bob], a one-second window starting
 * at 1700000000 gives {@code rw:8:ratewise|4:tier=v4:free|6:tenant=v3:bob|1@1700000000}.
 */
public final class CounterKeys {
  /** Values up to this many chars go into the key as they are; longer ones are hashed. */
  static final int MAX_RAW_VALUE_CHARS = 64;

  private CounterKeys() {}

  /**
   * Returns the key of one window of one descriptor.
   *
   * @param unitSeconds the window length, so limits of different units never share a counter
   * @param windowStart the window's start in epoch seconds
   */
  public static String build(String domain, List<Entry> entries, long unitSeconds,
      long windowStart) {
    StringBuilder key = new StringBuilder(32 + 24 * entries.size());
    key.append("rw:").append(domain.length()).append(':');
    appendBounded(key, domain);
    for (int i = 0; i < entries.size(); i++) {
      Entry entry = entries.get(i);
      key.append('|').append(entry.key().length()).append(':');
      appendBounded(key, entry.key());
      key.append('=');
      appendValue(key, entry.value());
    }
    key.append('|').append(unitSeconds).append('@').append(windowStart);
    return key.toString();
  }

  private static void appendBounded(StringBuilder key, String part) {
    if (part.length() <= MAX_RAW_VALUE_CHARS) {
      key.append(part);
    } else {
      key.append('#').append(sha256(part));
    }
  }

  private static void appendValue(StringBuilder key, String value) {
    if (value.length() <= MAX_RAW_VALUE_CHARS) {
      key.append('v').append(value.length()).append(':').append(value);
    } else {
      key.append('h').append(':').append(sha256(value));
    }
  }

  private static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] hash = digest.digest(text.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
