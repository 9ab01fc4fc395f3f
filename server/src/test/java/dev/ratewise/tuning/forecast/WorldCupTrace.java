package dev.ratewise.tuning.forecast;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads the WorldCup 1998 requests-per-minute trace for 1998-06-01 00:00 to 1998-07-15 23:59 (the
 * tournament, 64,800 rows) and labels its surge onsets.
 *
 * <p>Onset rule: minute i is an onset when the mean of minutes i−9..i is at least 1.5× the mean of
 * the previous hour (minutes i−69..i−10), the condition held in none of the 60 minutes before, and
 * i is not masked. The surge span ends 60 minutes after the onset or when the condition stops
 * holding, whichever is later. Masked minutes are 22:00–22:14 each day, where the original logs
 * were split and some days step sharply, and any minute missing from the file (filled with the
 * previous count). Masked minutes raise no alarms and carry no onsets.
 */
final class WorldCupTrace {

  static final String FILE_NAME = "worldcup98-requests-per-minute.csv";
  static final LocalDateTime SLICE_START = LocalDateTime.of(1998, 6, 1, 0, 0);
  static final LocalDateTime SLICE_END = LocalDateTime.of(1998, 7, 16, 0, 0);

  /** Minutes in the short mean of the onset rule. */
  private static final int SHORT_MINUTES = 10;

  /** Minutes in the previous-hour mean of the onset rule. */
  private static final int HOUR_MINUTES = 60;

  /** Short mean over previous-hour mean that labels an onset. */
  private static final double ONSET_RATIO = 1.5;

  /** Minimum length of a surge span, in minutes. */
  private static final int MIN_SPAN_MINUTES = 60;

  private static final LocalTime SPLIT_START = LocalTime.of(22, 0);
  private static final LocalTime SPLIT_END = LocalTime.of(22, 14);
  private static final DateTimeFormatter PERIOD =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private WorldCupTrace() {}

  /**
   * Finds the trace by walking up from the working directory to the folder that contains {@code
   * shared/data/traces}.
   *
   * @throws IllegalStateException if no parent folder contains the file
   */
  static Path locate() {
    Path start = Paths.get("").toAbsolutePath();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared").resolve("data").resolve("traces").resolve(FILE_NAME);
      if (Files.isRegularFile(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "WorldCup trace not found: no shared/data/traces/"
            + FILE_NAME
            + " above "
            + start
            + "; place the shared folder beside the repository (CI provides it)");
  }

  /** Loads the slice and labels it. */
  static LabelledTrace load(Path csv) throws IOException {
    int minutes = (int) Duration.between(SLICE_START, SLICE_END).toMinutes();
    double[] hits = new double[minutes];
    boolean[] present = new boolean[minutes];
    for (String line : Files.readAllLines(csv)) {
      if (line.isEmpty() || line.startsWith("period")) {
        continue;
      }
      int comma = line.indexOf(',');
      LocalDateTime period = LocalDateTime.parse(line.substring(0, comma), PERIOD);
      int index = (int) Duration.between(SLICE_START, period).toMinutes();
      if (index >= 0 && index < minutes) {
        hits[index] = Double.parseDouble(line.substring(comma + 1).trim());
        present[index] = true;
      }
    }

    boolean[] masked = mask(present, hits);
    List<LabelledTrace.Surge> surges = labelSurges(hits, masked);
    return new LabelledTrace(
        "worldcup98",
        "worldcup98",
        hits,
        new double[minutes],
        new int[minutes],
        masked,
        surges,
        SurgeClass.SURGE);
  }

  private static boolean[] mask(boolean[] present, double[] hits) {
    boolean[] masked = new boolean[hits.length];
    for (int i = 0; i < hits.length; i++) {
      LocalTime time = SLICE_START.plusMinutes(i).toLocalTime();
      boolean split = !time.isBefore(SPLIT_START) && !time.isAfter(SPLIT_END);
      masked[i] = split || !present[i];
      if (!present[i]) {
        hits[i] = i > 0 ? hits[i - 1] : 0.0;
      }
    }
    return masked;
  }

  private static List<LabelledTrace.Surge> labelSurges(double[] hits, boolean[] masked) {
    boolean[] rising = new boolean[hits.length];
    for (int i = SHORT_MINUTES + HOUR_MINUTES - 1; i < hits.length; i++) {
      double shortMean = mean(hits, i - SHORT_MINUTES + 1, i + 1);
      double hourMean = mean(hits, i - SHORT_MINUTES - HOUR_MINUTES + 1, i - SHORT_MINUTES + 1);
      rising[i] = shortMean >= ONSET_RATIO * hourMean && hourMean > 0.0;
    }

    List<LabelledTrace.Surge> surges = new ArrayList<>();
    for (int i = SHORT_MINUTES + HOUR_MINUTES - 1; i < hits.length; i++) {
      if (!rising[i] || masked[i] || anyBetween(rising, i - HOUR_MINUTES, i)) {
        continue;
      }
      int runEnd = i;
      while (runEnd + 1 < hits.length && rising[runEnd + 1]) {
        runEnd++;
      }
      surges.add(
          new LabelledTrace.Surge(
              i, Math.min(hits.length - 1, Math.max(runEnd, i + MIN_SPAN_MINUTES))));
    }
    return surges;
  }

  private static boolean anyBetween(boolean[] flags, int from, int to) {
    for (int i = Math.max(0, from); i < to; i++) {
      if (flags[i]) {
        return true;
      }
    }
    return false;
  }

  private static double mean(double[] values, int from, int to) {
    double sum = 0.0;
    for (int i = from; i < to; i++) {
      sum += values[i];
    }
    return sum / (to - from);
  }
}
