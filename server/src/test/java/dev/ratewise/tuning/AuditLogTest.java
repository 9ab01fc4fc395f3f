package dev.ratewise.tuning;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.util.Timestamps;
import dev.ratewise.admin.v1.Approval;
import dev.ratewise.admin.v1.ApprovalState;
import dev.ratewise.admin.v1.AuditKind;
import dev.ratewise.admin.v1.AuditRecord;
import dev.ratewise.admin.v1.ChangeStatus;
import dev.ratewise.admin.v1.LimitChange;
import dev.ratewise.admin.v1.ManualOverride;
import dev.ratewise.admin.v1.TuningCycle;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
  @TempDir Path folder;

  private static AuditRecord cycle(long millis, String id, String rule) {
    return AuditRecord.newBuilder().setTime(Timestamps.fromMillis(millis))
        .setKind(AuditKind.AUDIT_KIND_TUNING_CYCLE).setActor("heuristic")
        .setCycle(TuningCycle.newBuilder().setId(id).setAdvisor("heuristic")
            .setPrompt("prompt of " + id).setRawAnswer("{\"limits\":{}}")
            .addChanges(LimitChange.newBuilder().setRule(rule).setFrom(15).setTo(20)
                .setStatus(ChangeStatus.CHANGE_STATUS_APPLIED)))
        .build();
  }

  @Test
  void recordsAndApprovals_surviveCloseAndReopen() throws Exception {
    Path file = folder.resolve("state/ratewise-audit.db");
    AuditLog first = AuditLog.open(file);
    AuditRecord written = first.append(cycle(1_000, "cyc-0000001", "r.a"));
    Approval pending = Approval.newBuilder().setId("apr-0000001").setRule("r.a").setFrom(15)
        .setTo(60).setState(ApprovalState.APPROVAL_STATE_PENDING).build();
    first.saveApproval(pending);
    first.saveApproval(pending.toBuilder().setState(ApprovalState.APPROVAL_STATE_REJECTED)
        .build());
    first.close();

    AuditLog reopened = AuditLog.open(file);
    List<AuditRecord> read = reopened.page(Long.MIN_VALUE, 0, 10);
    AuditRecord next = reopened.append(cycle(2_000, "cyc-0000002", "r.a"));
    List<Approval> approvals = reopened.approvals();
    reopened.close();

    assertEquals(List.of(written), read);
    assertEquals(1, written.getId());
    assertEquals(2, next.getId());
    assertEquals(1, approvals.size());
    assertEquals(ApprovalState.APPROVAL_STATE_REJECTED, approvals.get(0).getState());
  }

  @Test
  void page_followsSinceAndAfterId() throws Exception {
    AuditLog audit = AuditLog.open(folder.resolve("audit.db"));
    for (int i = 1; i <= 5; i++) {
      audit.append(cycle(i * 1_000L, "cyc-" + i, "r.a"));
    }

    List<AuditRecord> sinceThird = audit.page(3_000, 0, 10);
    List<AuditRecord> afterFourth = audit.page(Long.MIN_VALUE, 4, 10);
    List<AuditRecord> firstTwo = audit.page(Long.MIN_VALUE, 0, 2);
    audit.close();

    assertEquals(List.of(3L, 4L, 5L), sinceThird.stream().map(AuditRecord::getId).toList());
    assertEquals(List.of(5L), afterFourth.stream().map(AuditRecord::getId).toList());
    assertEquals(List.of(1L, 2L), firstTwo.stream().map(AuditRecord::getId).toList());
  }

  @Test
  void newestForRule_matchesWholeRuleIdsOnly() throws Exception {
    AuditLog audit = AuditLog.open(folder.resolve("audit.db"));
    audit.append(cycle(1_000, "cyc-1", "r.tier_free.tenant"));
    audit.append(cycle(2_000, "cyc-2", "r.tier_free.tenant_extra"));
    audit.append(AuditRecord.newBuilder().setTime(Timestamps.fromMillis(3_000))
        .setKind(AuditKind.AUDIT_KIND_MANUAL_OVERRIDE).setActor("operator:127.0.0.1")
        .setOverride(ManualOverride.newBuilder().setRule("r.tier_free.tenant").setTo(9)).build());

    List<AuditRecord> records = audit.newestForRule("r.tier_free.tenant", 10);
    long cycles = audit.count(AuditKind.AUDIT_KIND_TUNING_CYCLE);
    audit.close();

    assertEquals(List.of(3L, 1L), records.stream().map(AuditRecord::getId).toList());
    assertEquals(2, cycles);
  }
}
