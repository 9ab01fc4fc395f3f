package dev.ratewise.loadtest.demo;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws the report's main chart with Java2D, headless: revenue served per hour over the run for
 * both runs, as a moving average, with surge phases shaded.
 */
final class ChartPng {
  static final int WIDTH = 1000;
  static final int HEIGHT = 500;
  /** Seconds in the moving average, so a one-second burst does not hide the trend. */
  static final int SMOOTHING_SECONDS = 5;
  private static final int LEFT = 90;
  private static final int RIGHT = 30;
  private static final int TOP = 50;
  private static final int BOTTOM = 60;
  private static final Color ADAPTIVE = new Color(0x1f6feb);
  private static final Color STATIC = new Color(0xcf222e);

  private ChartPng() {}

  static byte[] write(DemoReport report) {
    System.setProperty("java.awt.headless", "true");
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      double[] adaptive = smooth(report.run("adaptive").series().revenuePerHour());
      double[] fixed = smooth(report.run("static").series().revenuePerHour());
      double top = niceCeiling(Math.max(max(adaptive), max(fixed)));
      Plot plot = new Plot(report.lengthSeconds(), top);
      shadeSurges(g, plot, report.phases());
      drawAxes(g, plot);
      drawLine(g, plot, fixed, STATIC, new float[] {8, 6});
      drawLine(g, plot, adaptive, ADAPTIVE, null);
      drawLegend(g, report);
    } finally {
      g.dispose();
    }
    return png(image);
  }

  /** Maps run seconds and dollars per hour to pixels. */
  private record Plot(double seconds, double top) {
    double x(double second) {
      return LEFT + second / seconds * (WIDTH - LEFT - RIGHT);
    }

    double y(double value) {
      return HEIGHT - BOTTOM - value / top * (HEIGHT - TOP - BOTTOM);
    }
  }

  private static void shadeSurges(Graphics2D g, Plot plot, List<DemoReport.PhaseSpan> phases) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    int index = 0;
    for (DemoReport.PhaseSpan phase : phases) {
      int x0 = (int) plot.x(phase.start());
      int x1 = (int) plot.x(phase.start() + phase.length());
      if (phase.surge()) {
        g.setColor(new Color(0xfff1d6));
        g.fillRect(x0, TOP, x1 - x0, HEIGHT - TOP - BOTTOM);
      }
      g.setColor(Color.GRAY);
      // Alternate label rows so the names of short neighbouring phases do not overlap.
      g.drawString(phase.name(), x0 + 4, TOP + 14 + 14 * (index++ % 2));
    }
  }

  private static void drawAxes(Graphics2D g, Plot plot) {
    g.setColor(Color.DARK_GRAY);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.drawLine(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM);
    g.drawLine(LEFT, TOP, LEFT, HEIGHT - BOTTOM);
    for (int i = 0; i <= 5; i++) {
      double value = plot.top() * i / 5;
      int y = (int) plot.y(value);
      g.drawLine(LEFT - 4, y, LEFT, y);
      g.drawString(String.format(Locale.ROOT, "$%,.0f", value), 10, y + 4);
    }
    int step = Math.max(1, (int) Math.ceil(plot.seconds() / 10));
    for (int s = 0; s <= plot.seconds(); s += step) {
      int x = (int) plot.x(s);
      g.drawLine(x, HEIGHT - BOTTOM, x, HEIGHT - BOTTOM + 4);
      g.drawString(s + " s", x - 10, HEIGHT - BOTTOM + 18);
    }
    g.drawString("seconds from start", WIDTH / 2 - 50, HEIGHT - 15);
  }

  private static void drawLine(Graphics2D g, Plot plot, double[] values, Color color,
      float[] dash) {
    Path2D.Double path = new Path2D.Double();
    for (int s = 0; s < values.length; s++) {
      if (s == 0) {
        path.moveTo(plot.x(s + 0.5), plot.y(values[s]));
      } else {
        path.lineTo(plot.x(s + 0.5), plot.y(values[s]));
      }
    }
    g.setColor(color);
    g.setStroke(dash == null ? new BasicStroke(2.5f)
        : new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1, dash, 0));
    g.draw(path);
    g.setStroke(new BasicStroke(1));
  }

  private static void drawLegend(Graphics2D g, DemoReport report) {
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    g.setColor(Color.BLACK);
    g.drawString(String.format(Locale.ROOT,
        "Revenue served per hour (%d s moving average), scenario %s", SMOOTHING_SECONDS,
        report.scenario()), LEFT, 24);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    g.setColor(ADAPTIVE);
    g.drawString(String.format(Locale.ROOT, "adaptive: $%,.2f/h",
        SummaryTable.served(report.run("adaptive").tiers())), WIDTH - 380, 42);
    g.setColor(STATIC);
    g.drawString(String.format(Locale.ROOT, "static: $%,.2f/h",
        SummaryTable.served(report.run("static").tiers())), WIDTH - 190, 42);
  }

  static double[] smooth(double[] values) {
    double[] smoothed = new double[values.length];
    for (int s = 0; s < values.length; s++) {
      int from = Math.max(0, s - SMOOTHING_SECONDS + 1);
      double sum = 0;
      for (int i = from; i <= s; i++) {
        sum += values[i];
      }
      smoothed[s] = sum / (s - from + 1);
    }
    return smoothed;
  }

  private static double max(double[] values) {
    double max = 0;
    for (double value : values) {
      max = Math.max(max, value);
    }
    return max;
  }

  /** Rounds up to 1, 2 or 5 times a power of ten, so axis labels are round numbers. */
  static double niceCeiling(double value) {
    if (value <= 0) {
      return 1;
    }
    double power = Math.pow(10, Math.floor(Math.log10(value)));
    for (double factor : new double[] {1, 2, 5, 10}) {
      if (value <= factor * power) {
        return factor * power;
      }
    }
    return 10 * power;
  }

  private static byte[] png(BufferedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode the chart as PNG", e);
    }
    return out.toByteArray();
  }
}
