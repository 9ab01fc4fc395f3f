package dev.ratewise.loadtest;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Redraws one status line on a terminal while a run goes: a bar of elapsed time, the phase, the
 * completed calls, their rate over the run so far and the allowed share.
 */
final class ProgressBar implements AutoCloseable {
  /** Characters in the bar itself. */
  private static final int WIDTH = 30;
  /** Time between redraws, in milliseconds. */
  private static final long REFRESH_MILLIS = 250;

  private final PrintWriter out;
  private final String label;
  private final Tally tally;
  private final Supplier<String> phase;
  private final long totalNanos;
  private final LongSupplier nanoTime;
  private final long start;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
      runnable -> {
        Thread thread = new Thread(runnable, "loadtest-progress");
        thread.setDaemon(true);
        return thread;
      });

  ProgressBar(PrintWriter out, String label, Tally tally, Supplier<String> phase,
      long totalNanos, LongSupplier nanoTime) {
    this.out = out;
    this.label = label;
    this.tally = tally;
    this.phase = phase;
    this.totalNanos = totalNanos;
    this.nanoTime = nanoTime;
    this.start = nanoTime.getAsLong();
  }

  void start() {
    timer.scheduleAtFixedRate(this::draw, 0, REFRESH_MILLIS, TimeUnit.MILLISECONDS);
  }

  private void draw() {
    out.print('\r' + line(nanoTime.getAsLong() - start));
    out.flush();
  }

  String line(long elapsedNanos) {
    double share = Math.min(1.0, (double) elapsedNanos / totalNanos);
    int filled = (int) Math.round(share * WIDTH);
    long completed = tally.completed();
    double seconds = elapsedNanos / 1e9;
    double rate = seconds > 0 ? completed / seconds : 0;
    double allowedShare = completed > 0 ? 100.0 * tally.allowed() / completed : 0;
    return String.format(Locale.ROOT, "%-8s [%s%s] %3.0f%% %6.1fs %-12s %9d calls %8.0f/s "
            + "allowed %5.1f%%", label, "#".repeat(filled), ".".repeat(WIDTH - filled),
        share * 100, seconds, phase.get(), completed, rate, allowedShare);
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    draw();
    out.println();
    out.flush();
  }
}
