package dev.ratewise.admin;

import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The /demo dashboard: one HTML page, its script and Chart.js, all served from the jar. Chart.js
 * comes from the org.webjars.npm:chart.js jar, so the page loads nothing from the internet.
 */
public final class DemoPage {
  /** Chart.js's UMD build inside the webjar; the version is the webjar's. */
  static final String CHART_JS = "META-INF/resources/webjars/chart.js/4.4.1/dist/chart.umd.js";

  private DemoPage() {}

  /** Adds GET /demo, /demo/app.js, /demo/app.css and /demo/chart.umd.js. */
  public static void register(Javalin app) {
    byte[] page = read("demo/index.html");
    byte[] script = read("demo/app.js");
    byte[] style = read("demo/app.css");
    byte[] chart = read(CHART_JS);
    app.get("/demo", ctx -> send(ctx, "text/html; charset=utf-8", page));
    app.get("/demo/app.js", ctx -> send(ctx, "text/javascript; charset=utf-8", script));
    app.get("/demo/app.css", ctx -> send(ctx, "text/css; charset=utf-8", style));
    app.get("/demo/chart.umd.js", ctx -> send(ctx, "text/javascript; charset=utf-8", chart));
  }

  private static void send(Context ctx, String contentType, byte[] body) {
    ctx.contentType(contentType).header("Cache-Control", "no-cache").result(body);
  }

  private static byte[] read(String resource) {
    try (InputStream in = DemoPage.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("resource " + resource + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read resource " + resource, e);
    }
  }
}
