package dev.ratewise.envoy;

import dev.ratewise.config.IdentitySpec;
import dev.ratewise.config.RatewiseConfig;
import dev.ratewise.identity.Credentials;
import dev.ratewise.identity.Identity;
import dev.ratewise.identity.IdentityResolver;
import dev.ratewise.identity.Rejection;
import dev.ratewise.limit.LimitRequest;
import dev.ratewise.limit.Limiter;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The check behind both ext_authz forms, gRPC {@code Check} and HTTP {@code /ext_authz}:
 * identifies the caller, fills the descriptor template, and asks the shared {@link Limiter}
 * with exactly the semantics of {@code ShouldRateLimit} in the identity domain.
 */
public final class AuthorizationCheck {
  private final Limiter limiter;
  private final Supplier<RatewiseConfig> config;
  private final IdentityResolver identities;

  /**
   * @param config the current config, read on every check so reloads apply at once
   */
  public AuthorizationCheck(Limiter limiter, Supplier<RatewiseConfig> config,
      IdentityResolver identities) {
    this.limiter = limiter;
    this.config = config;
    this.identities = identities;
  }

  /** Returns the current {@code identity} section, which names where the key is read. */
  public IdentitySpec identitySpec() {
    return config.get().identity();
  }

  /**
   * Decides one request. The future fails with {@link MissingIdentityDomainException} when the
   * config does not name the domain to use, and with the limiter's errors when the store fails
   * under {@code --on-store-failure error}; every deliberate denial completes normally.
   */
  public CompletableFuture<CheckDecision> check(Credentials credentials) {
    return check(credentials, () -> false);
  }

  /**
   * Decides one request unless the caller stops waiting first. When {@code abandoned} is true
   * once the caller is identified, the limiter is not asked, so a key lookup that outlived
   * Envoy's deadline does not use up the caller's quota; the future then fails with {@link
   * CancellationException}.
   */
  public CompletableFuture<CheckDecision> check(Credentials credentials,
      BooleanSupplier abandoned) {
    RatewiseConfig current = config.get();
    Optional<String> domain = current.identityDomain();
    if (domain.isEmpty()) {
      return CompletableFuture.failedFuture(new MissingIdentityDomainException(
          current.domains().size()));
    }

    return identities.resolve(credentials).thenCompose(identification -> {
      if (identification instanceof Rejection rejection) {
        return CompletableFuture.completedFuture(CheckDecision.rejected(rejection));
      }
      if (abandoned.getAsBoolean()) {
        return CompletableFuture.failedFuture(
            new CancellationException("the caller stopped waiting before the limiter was asked"));
      }
      Identity identity = (Identity) identification;
      LimitRequest request = new LimitRequest(domain.get(),
          IdentityDescriptors.build(current.identity().descriptors(), identity), 1);
      return limiter.check(request).thenApply(answer -> CheckDecision.limited(identity, answer));
    });
  }

  /** The config has several domains and no {@code identity.domain} to pick one. */
  public static final class MissingIdentityDomainException extends RuntimeException {
    MissingIdentityDomainException(int domains) {
      super("identity.domain is not set and the config has " + domains
          + " domains; set identity.domain to the domain Check should use");
    }
  }
}
