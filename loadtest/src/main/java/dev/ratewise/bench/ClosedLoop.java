package dev.ratewise.bench;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A closed-loop load generator: a fixed number of streams, each of which starts its next call as
 * soon as the previous one ends. It runs a warm-up, then measures for a fixed time. Throughput
 * counts the calls that end inside the measured window, and latency covers every call that
 * overlaps it, which includes calls that end during the drain after it.
 *
 * <p>A call that ends inline (an in-process store, a cached over-limit decision) would make the
 * next call recurse on the same stack, so each stream runs a trampoline: the thread that started
 * the call loops to the next one when the call ended before {@code call} returned. Each stream
 * starts on its own thread, because a target that always ends inline keeps that thread looping
 * until the run stops.
 */
final class ClosedLoop {
  /** Latencies above this many nanoseconds (60 s) are clamped; nothing here gets close. */
  private static final long HIGHEST_NANOS = TimeUnit.SECONDS.toNanos(60);
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(10);
  /** Unmeasured time at the start of each interleaved turn, to refill the pipelines. */
  private static final Duration SLICE_WARMUP = Duration.ofMillis(500);

  private final int streams;

  ClosedLoop(int streams) {
    if (streams < 1) {
      throw new IllegalArgumentException("streams must be at least 1, got " + streams);
    }
    this.streams = streams;
  }

  int streams() {
    return streams;
  }

  /** Runs {@code warmup} unmeasured, then measures {@code measured} against {@code target}. */
  Measurement run(Target target, Duration warmup, Duration measured)
      throws InterruptedException {
    Run run = new Run(target);
    for (int i = 0; i < streams; i++) {
      run.streams[i] = new Stream(run, i);
    }
    ExecutorService starters = Executors.newFixedThreadPool(streams, runnable -> {
      Thread thread = new Thread(runnable, "bench-stream");
      thread.setDaemon(true);
      return thread;
    });
    for (Stream stream : run.streams) {
      starters.execute(stream::next);
    }

    Thread.sleep(warmup.toMillis());
    long measureStart = System.nanoTime();
    run.measureStartNanos = measureStart;
    run.phase = Phase.MEASURE;
    Thread.sleep(measured.toMillis());
    run.phase = Phase.STOP;
    double seconds = (System.nanoTime() - measureStart) / 1e9;
    boolean drained = run.stopped.await(DRAIN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    starters.shutdown();
    if (!drained) {
      throw new IllegalStateException(run.stopped.getCount()
          + " streams still had a call in flight " + DRAIN_TIMEOUT + " after the run");
    }

    Histogram latencies = run.recorder.getIntervalHistogram();
    return new Measurement(latencies, seconds, run.allowed.sum(), run.denied.sum(),
        run.errors.sum());
  }

  /**
   * Measures every target for {@code measured} in total, split into {@code slices} turns taken
   * in rotation, so that load from other processes on a shared machine falls on all targets
   * alike. Each target first gets {@code warmup} unmeasured, and each turn half a second.
   */
  Measurement[] interleave(Target[] targets, Duration warmup, Duration measured, int slices)
      throws InterruptedException {
    Measurement[] totals = new Measurement[targets.length];
    for (Target target : targets) {
      run(target, warmup, Duration.ZERO);
    }
    Duration slice = measured.dividedBy(slices);
    for (int round = 0; round < slices; round++) {
      // Each round starts with the next target, so no target always runs first or last.
      for (int k = 0; k < targets.length; k++) {
        int i = (round + k) % targets.length;
        Measurement part = run(targets[i], SLICE_WARMUP, slice);
        totals[i] = totals[i] == null ? part : totals[i].add(part);
      }
    }
    return totals;
  }

  private enum Phase { WARMUP, MEASURE, STOP }

  /** The state one run's streams share. */
  private final class Run {
    final Target target;
    final Stream[] streams = new Stream[ClosedLoop.this.streams];
    final Recorder recorder = new Recorder(HIGHEST_NANOS, 3);
    final LongAdder allowed = new LongAdder();
    final LongAdder denied = new LongAdder();
    final LongAdder errors = new LongAdder();
    final CountDownLatch stopped = new CountDownLatch(ClosedLoop.this.streams);
    volatile Phase phase = Phase.WARMUP;
    volatile long measureStartNanos = Long.MAX_VALUE;

    Run(Target target) {
      this.target = target;
    }
  }

  /** One stream: at most one call in flight at a time. */
  private static final class Stream implements Target.Callback {
    private static final int CALLING = 0;
    private static final int ENDED_INLINE = 1;
    private static final int RETURNED = 2;

    private final Run run;
    private final int index;
    private final AtomicInteger state = new AtomicInteger();
    private long startedNanos;

    Stream(Run run, int index) {
      this.run = run;
      this.index = index;
    }

    void next() {
      while (true) {
        if (run.phase == Phase.STOP) {
          run.stopped.countDown();
          return;
        }
        state.set(CALLING);
        startedNanos = System.nanoTime();
        run.target.call(index, this);
        if (state.compareAndSet(CALLING, RETURNED)) {
          // The call is still in flight; done() starts the next one.
          return;
        }
      }
    }

    @Override
    public void done(boolean allowed, Throwable error) {
      long ended = System.nanoTime();
      // Read the start time, not only the phase: the main thread sets measureStartNanos before
      // the phase, and a call that ends between the two writes overlaps the window.
      boolean endedInWindow = ended >= run.measureStartNanos && run.phase != Phase.STOP;
      if (ended >= run.measureStartNanos) {
        // Every call that overlaps the window counts for latency, so a call stuck across
        // either edge, or across the whole window, shows up in the tail instead of vanishing.
        run.recorder.recordValue(Math.min(ended - startedNanos, HIGHEST_NANOS));
      }
      if (endedInWindow) {
        if (error != null) {
          run.errors.increment();
        } else if (allowed) {
          run.allowed.increment();
        } else {
          run.denied.increment();
        }
      }
      if (state.compareAndSet(CALLING, ENDED_INLINE)) {
        return;
      }
      next();
    }
  }
}
