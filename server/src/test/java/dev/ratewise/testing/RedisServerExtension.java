package dev.ratewise.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one {@link RedisServer} per test class and injects it into test methods and
 * constructors that take a {@code RedisServer} parameter. Register it with
 * {@code @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();}
 * or {@code @ExtendWith(RedisServerExtension.class)}.
 */
public final class RedisServerExtension
    implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
  private RedisServer server;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    server = RedisServer.start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (server != null) {
      server.close();
    }
  }

  public RedisServer server() {
    return server;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == RedisServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return server;
  }
}
