package dev.ratewise.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.ratewise.admin.AdminException;
import dev.ratewise.admin.v1.AuditKind;
import dev.ratewise.admin.v1.AuditRecord;
import dev.ratewise.admin.v1.GetAuditRequest;
import dev.ratewise.admin.v1.ListDecisionsRequest;
import dev.ratewise.admin.v1.TuningCycle;
import dev.ratewise.config.ConfigLoader;
import dev.ratewise.limit.Limits;
import dev.ratewise.limit.LimitsHolder;
import dev.ratewise.testing.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code limit} of GetAudit and ListDecisions is a proto uint32, which Java reads as a signed
 * int. A limit of 2^31 or more arrived negative (the cases here are those values as Java reads
 * them): GetAudit failed with INTERNAL on a negative
 * subList index, and ListDecisions passed it to SQLite, where LIMIT -1 means no limit at all.
 */
class TuningAdminPageLimitTest {
  @TempDir Path folder;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T12:00:00Z"));
  private AuditLog audit;
  private TuningLoop loop;
  private TuningAdmin admin;

  @BeforeEach
  void setUp() throws Exception {
    LimitsHolder limits = new LimitsHolder(Limits.compile(ConfigLoader.loadBundledExample()));
    Telemetry telemetry = new Telemetry(clock);
    audit = AuditLog.open(folder.resolve("audit.db"));
    LocalFleet fleet = new LocalFleet(limits);
    Governance governance = new Governance(limits, audit, fleet, clock, TuningObserver.NONE);
    loop = new TuningLoop(limits, telemetry, telemetry, Placeholders.flatForecast(),
        Placeholders.keepLimitsAdvisor(), governance, audit, fleet, TuningObserver.NONE, clock);
    admin = new TuningAdmin(limits, governance, audit, telemetry, telemetry, loop, null);
  }

  @AfterEach
  void tearDown() {
    loop.close();
    audit.close();
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, (int) 3_000_000_000L, Integer.MIN_VALUE})
  void getAuditWithHugeLimit_isInvalidArgument(int limit) {
    GetAuditRequest request = GetAuditRequest.newBuilder().setLimit(limit).build();

    AdminException error = assertThrows(AdminException.class, () -> admin.getAudit(request));

    assertEquals(AdminException.Kind.INVALID_ARGUMENT, error.kind());
  }

  @ParameterizedTest
  @ValueSource(ints = {-1, (int) 3_000_000_000L, Integer.MIN_VALUE})
  void listDecisionsWithHugeLimit_returnsOnePage(int limit) {
    for (int i = 0; i <= TuningAdmin.MAX_PAGE; i++) {
      audit.append(AuditRecord.newBuilder().setKind(AuditKind.AUDIT_KIND_TUNING_CYCLE)
          .setCycle(TuningCycle.newBuilder().setId("cyc-" + i)).build());
    }

    int count = admin.listDecisions(
        ListDecisionsRequest.newBuilder().setLimit(limit).build()).getCyclesCount();

    assertEquals(TuningAdmin.MAX_PAGE, count);
  }
}
