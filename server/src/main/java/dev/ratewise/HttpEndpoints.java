package dev.ratewise;

import dev.ratewise.envoy.HttpAuthorization;
import dev.ratewise.admin.AdminHttp;
import dev.ratewise.admin.DemoPage;
import dev.ratewise.metrics.RatewiseMetrics;
import io.javalin.Javalin;
import java.util.Map;

/** The HTTP server: health, /metrics, the admin API under /admin, and the /demo dashboard. */
final class HttpEndpoints {
  private HttpEndpoints() {}

  static Javalin start(ServerSettings settings, Ratewise ratewise) {
    Javalin app = Javalin.create(config -> config.showJavalinBanner = false);
    app.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
    app.get("/readyz", ctx -> {
      boolean ready = ratewise.isReady();
      ctx.status(ready ? 200 : 503).json(Map.of("ready", ready));
    });
    HttpAuthorization.register(app, ratewise.authorization());
    app.get("/metrics", ctx -> ctx.contentType(RatewiseMetrics.CONTENT_TYPE)
        .result(ratewise.metrics().scrape()));
    AdminHttp.register(app, ratewise.adminOperations(), settings.adminToken(),
        ratewise.metrics().timeline());
    DemoPage.register(app);
    return app.start(settings.bindAddress(), settings.httpPort());
  }
}
