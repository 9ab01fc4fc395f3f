package dev.ratewise.limit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ratewise.config.Unit;
import dev.ratewise.store.FailurePolicy;
import dev.ratewise.store.StoreUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LimiterTest {
  static final String CONFIG = """
      domain: d
      descriptors:
        - key: k
          rate_limit: {unit: second, requests_per_unit: 3, name: k_default}
        - key: blocked
          rate_limit: {unit: second, requests_per_unit: 0}
        - key: free
          rate_limit: {unlimited: true}
        - key: shadow
          shadow_mode: true
          rate_limit: {unit: second, requests_per_unit: 1}
        - key: minute
          rate_limit: {unit: minute, requests_per_unit: 2}
        - key: narrow
          rate_limit: {unit: second, requests_per_unit: 1, name: narrow,
                       replaces: [{name: k_default}]}
      """;

  @Test
  void requestsOverLimit_areDeniedUntilWindowEnds() throws Exception {
    LimiterFixture fixture = new LimiterFixture(CONFIG);

    List<Code> codes = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      codes.add(fixture.check("d", Descriptor.of("k", "a")).overallCode());
    }
    fixture.clock.advance(Duration.ofSeconds(1));
    Code afterReset = fixture.check("d", Descriptor.of("k", "a")).overallCode();

    assertEquals(List.of(Code.OK, Code.OK, Code.OK, Code.OVER_LIMIT), codes);
    assertEquals(Code.OK, afterReset);
  }

  @Test
  void status_carriesLimitRemainingAndReset() throws Exception {
    LimiterFixture fixture = new LimiterFixture(CONFIG);
    fixture.clock.advance(Duration.ofSeconds(42));

    DescriptorStatus status = fixture.check("d", Descriptor.of("minute", "x")).statuses().get(0);

    assertEquals(Code.OK, status.code());
    assertEquals(2, status.rule().requestsPerUnit());
    assertEquals(Unit.MINUTE, status.rule().unit());
    assertEquals(1, status.remaining());
    assertEquals(18, status.resetSeconds());
  }

  @Test
  void differentValues_countSeparately() throws Exception {
    LimiterFixture fixture = new LimiterFixture(CONFIG);

    for (int i = 0; i < 3; i++) {
      fixture.check("d", Descriptor.of("k", "a"));
    }
    Code other = fixture.check("d", Descriptor.of("k", "b")).overallCode();

    assertEquals(Code.OK, other);
  }

  @Test
  void requestHitsAddend_countsAsManyHits() throws Exception {
    LimiterFixture fixture = new LimiterFixture(CONFIG);

    LimitResponse response = fixture.limiter
        .check(new LimitRequest("d", List.of(Descriptor.of("k", "a")), 2)).join();

    assertEquals(1, response.statuses().get(0).remaining());
  }

  @Test
  void descriptorHitsAddend_winsOverRequestAddend() throws Exception {
    LimiterFixture fixture = new LimiterFixture(CONFIG);
    Descriptor three = new Descriptor(List.of(new Entry("k", "a")), null, 3);

    LimitResponse response = fixture.limiter.check(new LimitRequest("d", List.of(three), 1))
        .join();

    assertEquals(Code.OK, response.overallCode());
    assertEquals(0, response.statuses().get(0).remaining());
  }

  @Test
  void zeroDescriptorAddend_checksWithoutCounting() throws Exception {
    LimiterFixture fixture = new LimiterFixture(CONFIG);
    Descriptor peek = new Descriptor(List.of(new Entry("k", "a")), null, 0);

    for (int i = 0; i < 5; i++) {
      fixture.limiter.check(new LimitRequest("d", List.of(peek), 0)).join();
    }
    LimitResponse counted = fixture.check("d", Descriptor.of("k", "a"));

    assertEquals(2, counted.statuses().get(0).remaining());
  }

  @Test
  void addendLargerThanLimit_isOverWithZeroRemaining() throws Exception {
    LimiterFixture fixture = new LimiterFixture(CONFIG);
    Descriptor huge = new Descriptor(List.of(new Entry("k", "a")), null, -1L >>> 1);
    Descriptor wrapped = new Descriptor(List.of(new Entry("k", "b")), null, -5);

    LimitResponse response = fixture.limiter
        .check(new LimitRequest("d", List.of(huge, wrapped), 0)).join();

    assertEquals(Code.OVER_LIMIT, response.statuses().get(0).code());
    assertEquals(0, response.statuses().get(0).remaining());
    assertEquals(Code.OVER_LIMIT, response.statuses().get(1).code());
    assertEquals(0, response.statuses().get(1).remaining());
  }

  @Test
  void zeroLimit_blocksEveryRequest() throws Exception {
    LimiterFixture fixture = new LimiterFixture(CONFIG);

    LimitResponse response = fixture.check("d", Descriptor.of("blocked", "x"));

    assertEquals(Code.OVER_LIMIT, response.overallCode());
    assertEquals(0, response.statuses().get(0).remaining());
  }

  @Test
  void unlimited_allowsWithMaxRemainingAndNoStoreCall() throws Exception {
    LimiterFixture fixture = new LimiterFixture(CONFIG);

    DescriptorStatus status = fixture.check("d", Descriptor.of("free", "x")).statuses().get(0);

    assertEquals(Code.OK, status.code());
    assertEquals(4_294_967_295L, status.remaining());
    assertEquals(0, fixture.store.calls.get());
  }

  @Test
  void unknownDomain_answersOkWithNoLimit() throws Exception {
    LimiterFixture fixture = new LimiterFixture(CONFIG);

    LimitResponse response = fixture.check("other", Descriptor.of("k", "a"));

    assertEquals(Code.OK, response.overallCode());
    assertNull(response.statuses().get(0).rule());
    assertEquals(0, fixture.store.calls.get());
  }

  @Test
  void shadowRule_answersOkButStillCounts() throws Exception {
    LimiterFixture fixture = new LimiterFixture(CONFIG);

    fixture.check("d", Descriptor.of("shadow", "x"));
    DescriptorStatus second = fixture.check("d", Descriptor.of("shadow", "x")).statuses().get(0);

    assertEquals(Code.OK, second.code());
    assertEquals(0, second.remaining());
  }

  @Test
  void globalShadow_turnsOnlyOverallCodeToOk() throws Exception {
    LimiterSettings settings = new LimiterSettings(Duration.ofMillis(15), FailurePolicy.ERROR,
        0.8, true, 0);
    LimiterFixture fixture = new LimiterFixture(CONFIG, settings, null);

    LimitResponse response = fixture.check("d", Descriptor.of("blocked", "x"));

    assertEquals(Code.OK, response.overallCode());
    assertEquals(Code.OVER_LIMIT, response.statuses().get(0).code());
  }

  @Test
  void replaces_dropsTheNamedLimitFromTheRequest() throws Exception {
    LimiterFixture fixture = new LimiterFixture(CONFIG);

    for (int i = 0; i < 3; i++) {
      fixture.check("d", Descriptor.of("k", "a"));
    }
    LimitResponse response =
        fixture.check("d", Descriptor.of("k", "a"), Descriptor.of("narrow", "z"));

    assertEquals(Code.OK, response.overallCode());
    assertNull(response.statuses().get(0).rule());
    assertEquals(1, response.statuses().get(1).rule().requestsPerUnit());
  }

  @Test
  void override_replacesConfiguredLimit() throws Exception {
    LimiterFixture fixture = new LimiterFixture(CONFIG);
    Descriptor overridden = new Descriptor(List.of(new Entry("k", "a")),
        new Descriptor.Override(10, Unit.MINUTE), Descriptor.UNSET);

    DescriptorStatus status = fixture.limiter
        .check(new LimitRequest("d", List.of(overridden), 0)).join().statuses().get(0);

    assertEquals(10, status.rule().requestsPerUnit());
    assertEquals(Unit.MINUTE, status.rule().unit());
    assertEquals(9, status.remaining());
  }

  @Test
  void overLimitKey_isAnsweredFromCacheWithoutStore() throws Exception {
    LimiterFixture fixture = new LimiterFixture(CONFIG);
    for (int i = 0; i < 4; i++) {
      fixture.check("d", Descriptor.of("k", "a"));
    }
    int callsBefore = fixture.store.calls.get();

    DescriptorStatus cached = fixture.check("d", Descriptor.of("k", "a")).statuses().get(0);

    assertEquals(callsBefore, fixture.store.calls.get());
    assertEquals(Code.OVER_LIMIT, cached.code());
    assertTrue(cached.fromCache());
    assertEquals(1, cached.resetSeconds());
    assertEquals(3, cached.rule().requestsPerUnit());
  }

  @Test
  void retunedLimit_isNotAnsweredFromStaleCache() throws Exception {
    LimiterFixture fixture = new LimiterFixture(CONFIG);
    for (int i = 0; i < 4; i++) {
      fixture.check("d", Descriptor.of("k", "a"));
    }

    fixture.limits.publishTuned(Map.of("d.k",
        new TunedLimit(10, "tuning", "test", LimiterFixture.START)));
    DescriptorStatus status = fixture.check("d", Descriptor.of("k", "a")).statuses().get(0);

    assertEquals(Code.OK, status.code());
    assertEquals(10, status.rule().requestsPerUnit());
    assertEquals(5, status.remaining());
  }

  @Test
  void manyDescriptors_costOneStoreCall() throws Exception {
    LimiterFixture fixture = new LimiterFixture(CONFIG);

    fixture.check("d", Descriptor.of("k", "a"), Descriptor.of("k", "b"),
        Descriptor.of("minute", "c"), Descriptor.of("free", "x"));

    assertEquals(1, fixture.store.calls.get());
  }

  @ParameterizedTest
  @ValueSource(strings = {"ünïcödé", "tab\there", "nul\u0000byte", "newline\nvalue", ""})
  void unusualValues_areCountedLikeAnyOther(String value) throws Exception {
    LimiterFixture fixture = new LimiterFixture(CONFIG);

    for (int i = 0; i < 3; i++) {
      fixture.check("d", Descriptor.of("k", value));
    }
    Code fourth = fixture.check("d", Descriptor.of("k", value)).overallCode();

    assertEquals(Code.OVER_LIMIT, fourth);
  }

  @Test
  void longValues_areCountedAndDoNotShareCounters() throws Exception {
    LimiterFixture fixture = new LimiterFixture(CONFIG);
    String base = "x".repeat(40_000);

    for (int i = 0; i < 3; i++) {
      fixture.check("d", Descriptor.of("k", base + "1"));
    }
    Code sameValue = fixture.check("d", Descriptor.of("k", base + "1")).overallCode();
    Code otherValue = fixture.check("d", Descriptor.of("k", base + "2")).overallCode();

    assertEquals(Code.OVER_LIMIT, sameValue);
    assertEquals(Code.OK, otherValue);
  }

  @Test
  void storeFailure_withErrorPolicy_failsWithStoreUnavailable() throws Exception {
    LimiterFixture fixture = new LimiterFixture(CONFIG, LimiterSettings.defaults(),
        new LimiterFixture.FailingStore());

    CompletionException error = assertThrows(CompletionException.class,
        () -> fixture.check("d", Descriptor.of("k", "a")));

    assertInstanceOf(StoreUnavailableException.class, error.getCause());
    assertTrue(fixture.degraded.isDegraded());
  }

  @Test
  void stalledStore_answersWithinStoreTimeout() throws Exception {
    LimiterSettings settings = new LimiterSettings(Duration.ofMillis(20), FailurePolicy.DENY,
        0.8, false, 0);
    LimiterFixture fixture = new LimiterFixture(CONFIG, settings,
        new LimiterFixture.StalledStore());

    long started = System.nanoTime();
    LimitResponse response = fixture.check("d", Descriptor.of("k", "a"));
    long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

    assertEquals(Code.OVER_LIMIT, response.overallCode());
    assertTrue(elapsedMillis < 1_000, "answered after " + elapsedMillis + " ms");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ALLOW", "DENY", "LOCAL"})
  void storeFailure_followsPolicy(String policyName) throws Exception {
    FailurePolicy policy = FailurePolicy.valueOf(policyName);
    LimiterSettings settings = new LimiterSettings(Duration.ofMillis(15), policy, 0.8, false, 0);
    LimiterFixture fixture = new LimiterFixture(CONFIG, settings,
        new LimiterFixture.FailingStore());

    LimitResponse response = fixture.check("d", Descriptor.of("k", "a"));

    Code expected = policy == FailurePolicy.DENY ? Code.OVER_LIMIT : Code.OK;
    assertEquals(expected, response.overallCode());
    long expectedRemaining = switch (policy) {
      case ALLOW -> 3;
      case LOCAL -> 2;
      default -> 0;
    };
    assertEquals(expectedRemaining, response.statuses().get(0).remaining());
  }

  @Test
  void degradedMode_isEnteredAndLeftOnceEach() throws Exception {
    LimiterFixture.FailingStore failing = new LimiterFixture.FailingStore();
    LimiterSettings settings = new LimiterSettings(Duration.ofMillis(15), FailurePolicy.ALLOW,
        0.8, false, 0);
    LimiterFixture fixture = new LimiterFixture(CONFIG, settings, failing);

    for (int i = 0; i < 5; i++) {
      fixture.check("d", Descriptor.of("k", "a"));
    }

    assertEquals(1, fixture.degraded.timesEntered());
    assertEquals(0, fixture.degraded.timesLeft());
  }

  @Test
  void counterKeys_neverCollideAcrossEntryBoundaries() {
    String first = CounterKeys.build("d", List.of(new Entry("a_b", "c")), 1, 0);
    String second = CounterKeys.build("d", List.of(new Entry("a", "b_c")), 1, 0);
    String third = CounterKeys.build("d", List.of(new Entry("a", "b"), new Entry("c", "")), 1, 0);

    assertNotEquals(first, second);
    assertNotEquals(second, third);
    assertTrue(CounterKeys.build("d", List.of(new Entry("k", "v".repeat(100_000))), 1, 0)
        .length() < 120);
  }
}
