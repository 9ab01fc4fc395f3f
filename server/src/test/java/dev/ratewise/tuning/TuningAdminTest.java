package dev.ratewise.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ratewise.admin.AdminException;
import dev.ratewise.admin.v1.ExplainRequest;
import dev.ratewise.admin.v1.ExplainResponse;
import dev.ratewise.admin.v1.GetAuditRequest;
import dev.ratewise.admin.v1.GetAuditResponse;
import dev.ratewise.admin.v1.LimitSource;
import dev.ratewise.admin.v1.ListLimitsRequest;
import dev.ratewise.admin.v1.RuleLimit;
import dev.ratewise.admin.v1.SetLimitRequest;
import dev.ratewise.admin.v1.SetLimitResponse;
import dev.ratewise.config.ConfigLoader;
import dev.ratewise.limit.Limits;
import dev.ratewise.limit.LimitsHolder;
import dev.ratewise.testing.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin operations; a lambda replaces the model explainer because Ollama cannot run here. */
class TuningAdminTest {
  private static final String ENTERPRISE = "ratewise.tier_enterprise.tenant";

  @TempDir Path folder;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T12:00:00Z"));
  private LimitsHolder limits;
  private Telemetry telemetry;
  private AuditLog audit;
  private Governance governance;
  private TuningLoop loop;

  @BeforeEach
  void setUp() throws Exception {
    limits = new LimitsHolder(Limits.compile(ConfigLoader.loadBundledExample()));
    telemetry = new Telemetry(clock);
    audit = AuditLog.open(folder.resolve("audit.db"));
    LocalFleet fleet = new LocalFleet(limits);
    governance = new Governance(limits, audit, fleet, clock, TuningObserver.NONE);
    loop = new TuningLoop(limits, telemetry, telemetry, Placeholders.flatForecast(),
        Placeholders.keepLimitsAdvisor(), governance, audit, fleet, TuningObserver.NONE, clock);
  }

  @AfterEach
  void tearDown() {
    loop.close();
    audit.close();
  }

  private TuningAdmin admin(ModelExplainer explainer) {
    return new TuningAdmin(limits, governance, audit, telemetry, telemetry, loop, explainer);
  }

  private SetLimitResponse setEnterprise(TuningAdmin admin, long value) throws AdminException {
    return admin.setLimit(SetLimitRequest.newBuilder().setRule(ENTERPRISE)
        .setRequestsPerUnit(value).setReason("key account").build(), "operator:127.0.0.1");
  }

  @Test
  void setLimit_listedWithOperatorSource() throws Exception {
    TuningAdmin admin = admin(null);

    SetLimitResponse response = setEnterprise(admin, 30);
    RuleLimit listed = admin.listLimits(ListLimitsRequest.getDefaultInstance()).getLimits(0);

    assertEquals(30, response.getLimit().getEffective());
    assertEquals(listed, response.getLimit());
    assertEquals(15, listed.getBaseline());
    assertEquals(30, listed.getTuned());
    assertEquals(LimitSource.LIMIT_SOURCE_OPERATOR, listed.getSource());
    assertEquals("operator:127.0.0.1", listed.getSetBy());
    assertEquals(120, listed.getMax());
  }

  @Test
  void getAudit_pagesWithToken() throws Exception {
    TuningAdmin admin = admin(null);
    for (int i = 0; i < 5; i++) {
      loop.runCycle();
    }

    GetAuditResponse first = admin.getAudit(GetAuditRequest.newBuilder().setLimit(2).build());
    GetAuditResponse second = admin.getAudit(GetAuditRequest.newBuilder().setLimit(2)
        .setPageToken(first.getNextPageToken()).build());
    GetAuditResponse last = admin.getAudit(GetAuditRequest.newBuilder().setLimit(2)
        .setPageToken(second.getNextPageToken()).build());

    assertEquals(2, first.getRecordsCount());
    assertEquals(3, second.getRecords(0).getId());
    assertEquals(1, last.getRecordsCount());
    assertTrue(last.getNextPageToken().isEmpty());
  }

  @Test
  void getAudit_rejectsBadTokenAndLimit() {
    TuningAdmin admin = admin(null);

    AdminException token = assertThrows(AdminException.class,
        () -> admin.getAudit(GetAuditRequest.newBuilder().setPageToken("abc").build()));
    AdminException limit = assertThrows(AdminException.class,
        () -> admin.getAudit(GetAuditRequest.newBuilder().setLimit(5_000).build()));

    assertEquals(AdminException.Kind.INVALID_ARGUMENT, token.kind());
    assertEquals(AdminException.Kind.INVALID_ARGUMENT, limit.kind());
  }

  @Test
  void explain_usesModelAnswer() throws Exception {
    setEnterprise(admin(null), 30);
    TuningAdmin admin = admin((question, records) ->
        "model saw " + records.size() + " record(s) about: " + question);

    ExplainResponse answer = admin.explain(ExplainRequest.newBuilder()
        .setQuestion("why is enterprise at 30?").build());

    assertEquals("ollama", answer.getAnsweredBy());
    assertEquals("model saw 1 record(s) about: why is enterprise at 30?", answer.getAnswer());
  }

  @Test
  void explainWhenModelFails_answersFromTemplate() throws Exception {
    setEnterprise(admin(null), 30);
    TuningAdmin admin = admin((question, records) -> {
      throw new TimeoutException("model timed out");
    });

    ExplainResponse answer = admin.explain(ExplainRequest.newBuilder()
        .setQuestion("why is enterprise at 30?").build());

    assertEquals("template", answer.getAnsweredBy());
    assertEquals("enterprise was set from 15 to 30 by operator:127.0.0.1 at 12:00:00: "
        + "key account", answer.getAnswer());
  }

  @Test
  void explain_rejectsBlankQuestion() {
    AdminException error = assertThrows(AdminException.class,
        () -> admin(null).explain(ExplainRequest.newBuilder().setQuestion(" ").build()));

    assertEquals(AdminException.Kind.INVALID_ARGUMENT, error.kind());
  }
}
