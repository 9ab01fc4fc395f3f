package dev.ratewise.loadtest.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes the report as one self-contained HTML file: Chart.js and the report's JSON are inlined,
 * so the file opens offline and can be attached to a ticket.
 */
final class ReportHtml {
  /** Chart.js as packaged by the {@code org.webjars.npm:chart.js} webjar. */
  static final String CHART_JS = "META-INF/resources/webjars/chart.js/4.4.1/dist/chart.umd.js";
  private static final String TEMPLATE = "demo-report/report.html";

  private ReportHtml() {}

  static String write(DemoReport report) {
    String template = resource(TEMPLATE);
    // "</" inside an inline script would end the script element early.
    String json = ReportJson.write(report).replace("</", "<\\/");
    String chartJs = resource(CHART_JS).replace("</script", "<\\/script");
    return template
        .replace("/*CHART_JS*/", chartJs)
        .replace("/*REPORT_JSON*/", json);
  }

  private static String resource(String name) {
    try (InputStream in = ReportHtml.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + name, e);
    }
  }
}
