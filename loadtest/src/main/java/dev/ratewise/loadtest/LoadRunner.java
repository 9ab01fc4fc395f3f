package dev.ratewise.loadtest;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;

/**
 * Drives one run through a scenario's phases on the calling thread, with at most
 * {@code concurrency} calls in flight.
 *
 * <p>Open-loop phases send on a schedule: the next send time is the previous one plus
 * {@code 1 / rate}, however slow the responses are. When the in-flight cap or a slow machine
 * delays a send, its latency still counts from the scheduled time. So a stalled server shows up
 * as long latencies, not as fewer and faster samples, which is known as coordinated omission.
 * Closed-loop phases send again as soon as a call ends, so their rate is whatever the server
 * sustains at that concurrency.
 */
final class LoadRunner {
  private final CallSender sender;
  private final Scenario scenario;
  private final List<CallerPool> pools;
  private final int concurrency;
  private final Semaphore inFlight;
  private final Tally tally;
  private final RandomGenerator random;
  private final LongSupplier nanoTime;
  private final Duration drainTimeout;
  private volatile String currentPhase = "";

  /**
   * @param pools the callers of each phase, in phase order
   * @param random used by the driving thread only
   * @param nanoTime the monotonic time source, such as {@code System::nanoTime}
   * @param drainTimeout how long the run waits for calls still in flight after the last phase
   */
  LoadRunner(CallSender sender, Scenario scenario, List<CallerPool> pools, int concurrency,
      Tally tally, RandomGenerator random, LongSupplier nanoTime, Duration drainTimeout) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
    }
    if (pools.size() != scenario.phases().size()) {
      throw new IllegalArgumentException("got " + pools.size() + " caller pools for "
          + scenario.phases().size() + " phases; pass one per phase");
    }
    this.sender = sender;
    this.scenario = scenario;
    this.pools = List.copyOf(pools);
    this.concurrency = concurrency;
    this.inFlight = new Semaphore(concurrency);
    this.tally = tally;
    this.random = random;
    this.nanoTime = nanoTime;
    this.drainTimeout = drainTimeout;
  }

  /** Runs every phase and waits for the calls in flight; returns the elapsed nanoseconds. */
  long run() throws InterruptedException {
    long start = nanoTime.getAsLong();
    long phaseStart = start;
    for (int i = 0; i < scenario.phases().size(); i++) {
      Phase phase = scenario.phases().get(i);
      currentPhase = phase.name();
      long phaseEnd = phaseStart + phase.duration().toNanos();
      if (phase.closedLoop()) {
        runClosedLoop(phase, pools.get(i), phaseEnd);
      } else {
        runOpenLoop(phase, pools.get(i), phaseStart, phaseEnd);
      }
      phaseStart = phaseEnd;
    }

    // Calls end by their deadline, so the drain normally finishes well within the timeout.
    if (inFlight.tryAcquire(concurrency, drainTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
      inFlight.release(concurrency);
    }
    return nanoTime.getAsLong() - start;
  }

  /** Returns the name of the phase now running, for progress output. */
  String currentPhase() {
    return currentPhase;
  }

  private void runClosedLoop(Phase phase, CallerPool pool, long phaseEnd)
      throws InterruptedException {
    while (true) {
      long now = nanoTime.getAsLong();
      if (now >= phaseEnd || !inFlight.tryAcquire(phaseEnd - now, TimeUnit.NANOSECONDS)) {
        return;
      }
      long sendTime = nanoTime.getAsLong();
      if (sendTime >= phaseEnd) {
        inFlight.release();
        return;
      }
      issue(phase, pool, sendTime);
    }
  }

  private void runOpenLoop(Phase phase, CallerPool pool, long phaseStart, long phaseEnd)
      throws InterruptedException {
    // The offset stays a double: rounding each interval to whole nanoseconds would, at 300
    // calls per second, make 600 intervals of 3,333,333 ns end 200 ns short of 2 s, and send a
    // 601st call. The 1 ns margin absorbs the double's own rounding.
    double offsetNanos = 0;
    long lastOffset = phaseEnd - phaseStart - 1;
    while (offsetNanos < lastOffset) {
      long scheduled = phaseStart + (long) offsetNanos;
      parkUntil(scheduled);
      inFlight.acquire();
      issue(phase, pool, scheduled);
      offsetNanos += 1e9 / phase.rateAt((long) offsetNanos);
    }
  }

  private void issue(Phase phase, CallerPool pool, long startNanos) {
    Caller caller = pool.next(phase.mix().pick(random), random);
    tally.countSent();
    try {
      sender.send(caller, (verdict, status) -> {
        tally.record(phase.name(), caller.tier(), verdict, status,
            nanoTime.getAsLong() - startNanos);
        inFlight.release();
      });
    } catch (RuntimeException e) {
      inFlight.release();
      throw e;
    }
  }

  private void parkUntil(long deadline) throws InterruptedException {
    long remaining;
    while ((remaining = deadline - nanoTime.getAsLong()) > 0) {
      LockSupport.parkNanos(remaining);
      if (Thread.interrupted()) {
        throw new InterruptedException("load run interrupted");
      }
    }
  }
}
