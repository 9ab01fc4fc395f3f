package dev.ratewise;

import dev.ratewise.envoy.HttpAuthorization;
import io.javalin.Javalin;
import java.util.Map;

/** The HTTP server: health endpoints now; metrics, admin and /demo join it. */
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
    return app.start(settings.bindAddress(), settings.httpPort());
  }
}
