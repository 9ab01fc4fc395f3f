package dev.ratewise.bench;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.AsyncBucketProxy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Bucket4j 8.14's Lettuce proxy manager on one connection, with one bucket per key. Each bucket
 * contains {@code limit} tokens and gets all of them back once a second (intervally refill), which
 * is a fixed one-second window like ratewise's, though not aligned to the epoch second.
 */
final class Bucket4jTarget implements Target, AutoCloseable {
  private final StatefulRedisConnection<String, byte[]> connection;
  private final AsyncBucketProxy[] buckets;

  Bucket4jTarget(RedisClient client, String[] keys, long limit) {
    this.connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    AsyncProxyManager<String> proxies = Bucket4jLettuce.casBasedBuilder(connection)
        .expirationAfterWrite(
            ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                Duration.ofSeconds(10)))
        .build()
        .asAsync();
    BucketConfiguration configuration = BucketConfiguration.builder()
        .addLimit(bandwidth -> bandwidth.capacity(limit)
            .refillIntervally(limit, Duration.ofSeconds(1)))
        .build();
    this.buckets = new AsyncBucketProxy[keys.length];
    for (int i = 0; i < keys.length; i++) {
      buckets[i] = proxies.builder().build("bucket4j:" + keys[i], configuration);
    }
  }

  @Override
  public void call(int stream, Callback callback) {
    AsyncBucketProxy bucket = buckets[ThreadLocalRandom.current().nextInt(buckets.length)];
    bucket.tryConsume(1).whenComplete((allowed, error) ->
        callback.done(error == null && allowed, error));
  }

  @Override
  public void close() {
    connection.close();
  }
}
