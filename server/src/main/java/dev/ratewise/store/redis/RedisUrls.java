package dev.ratewise.store.redis;

import io.lettuce.core.RedisURI;
import java.util.StringJoiner;

/** Parses the {@code --redis-url} value and describes it without credentials. */
final class RedisUrls {
  private RedisUrls() {}

  /**
   * Parses a Lettuce URI.
   *
   * @throws IllegalArgumentException naming {@code --redis-url} when the URL is invalid, or is a
   *     Sentinel URL while cluster mode is on
   */
  static RedisURI parse(String url, boolean cluster) {
    RedisURI uri;
    try {
      uri = RedisURI.create(url.trim());
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("invalid --redis-url '" + RedisUrls.withoutPassword(url)
          + "': " + e.getMessage() + "; use redis://host:port, rediss://host:port, "
          + "redis-socket:///path or redis-sentinel://host:port#master", e);
    }
    if (cluster && !uri.getSentinels().isEmpty()) {
      throw new IllegalArgumentException("--redis-url is a Sentinel URL, which cannot be used "
          + "with --redis-cluster; give the address of one cluster node instead");
    }
    return uri;
  }

  /** Returns the URI as text with no user name or password, for logs and {@code describe()}. */
  static String describe(RedisURI uri) {
    StringBuilder text = new StringBuilder();
    if (!uri.getSentinels().isEmpty()) {
      StringJoiner sentinels = new StringJoiner(",", "redis-sentinel://", "");
      for (RedisURI sentinel : uri.getSentinels()) {
        sentinels.add(sentinel.getHost() + ":" + sentinel.getPort());
      }
      text.append(sentinels);
    } else if (uri.getSocket() != null) {
      text.append("redis-socket://").append(uri.getSocket());
    } else {
      text.append(uri.isSsl() ? "rediss://" : "redis://")
          .append(uri.getHost()).append(':').append(uri.getPort());
    }
    if (uri.getDatabase() != 0) {
      text.append('/').append(uri.getDatabase());
    }
    if (uri.getSentinelMasterId() != null) {
      text.append('#').append(uri.getSentinelMasterId());
    }
    return text.toString();
  }

  /** Cuts the user info out of a URL that failed to parse, so the error message shows no secret. */
  private static String withoutPassword(String url) {
    int scheme = url.indexOf("://");
    int at = url.lastIndexOf('@');
    if (scheme < 0 || at < scheme) {
      return url;
    }
    return url.substring(0, scheme + 3) + "***@" + url.substring(at + 1);
  }
}
