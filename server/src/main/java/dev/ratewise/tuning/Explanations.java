package dev.ratewise.tuning;

import com.google.protobuf.util.Timestamps;
import dev.ratewise.admin.v1.Approval;
import dev.ratewise.admin.v1.AuditRecord;
import dev.ratewise.admin.v1.ChangeStatus;
import dev.ratewise.admin.v1.LimitChange;
import dev.ratewise.admin.v1.ManualOverride;
import dev.ratewise.admin.v1.TuningCycle;
import dev.ratewise.limit.Rule;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** Picks the rule a question is about and writes template answers from audit records. */
final class Explanations {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private Explanations() {}

  /**
   * Returns the rule a question names by id, config name or tier, such as "enterprise" for
   * "ratewise.tier_enterprise.tenant"; null when it names none.
   */
  static Rule ruleIn(String question, Collection<Rule> rules) {
    String text = question.toLowerCase(Locale.ROOT);
    for (Rule rule : rules) {
      if (text.contains(rule.id().toLowerCase(Locale.ROOT))
          || (!rule.name().isEmpty() && text.contains(rule.name().toLowerCase(Locale.ROOT)))) {
        return rule;
      }
    }
    for (Rule rule : rules) {
      String tier = RuleSnapshots.tier(rule.id());
      if (!tier.isEmpty() && text.contains(tier.toLowerCase(Locale.ROOT))) {
        return rule;
      }
    }
    return null;
  }

  /** Returns one sentence per relevant change in the records, newest first. */
  static String template(String rule, List<AuditRecord> records) {
    List<String> sentences = new ArrayList<>();
    for (AuditRecord record : records) {
      String time = TIME.format(Instant.ofEpochMilli(Timestamps.toMillis(record.getTime())));
      switch (record.getEventCase()) {
        case CYCLE -> describeCycle(record.getCycle(), rule, time, sentences);
        case APPROVAL -> describeApproval(record.getApproval(), time, sentences);
        case OVERRIDE -> describeOverride(record.getOverride(), record.getActor(), time,
            sentences);
        default -> { }
      }
    }
    if (sentences.isEmpty()) {
      return "No audit record shows a limit change" + (rule == null ? "" : " for " + rule)
          + " yet.";
    }
    return String.join("\n", sentences);
  }

  private static void describeCycle(TuningCycle cycle, String rule, String time,
      List<String> sentences) {
    for (LimitChange change : cycle.getChangesList()) {
      if ((rule != null && !change.getRule().equals(rule))
          || change.getStatus() == ChangeStatus.CHANGE_STATUS_UNCHANGED) {
        continue;
      }
      String verb = change.getStatus() == ChangeStatus.CHANGE_STATUS_PENDING
          ? "was proposed to go" : "went";
      String sentence = String.format(Locale.ROOT,
          "%s %s from %d to %d at %s by cycle %s (%s, confidence %.2f): %s", label(
              change.getRule()), verb, change.getFrom(), change.getTo(), time, cycle.getId(),
          cycle.getAdvisor(), cycle.getProposal().getConfidence(),
          cycle.getProposal().getRationale());
      if (change.getStatus() == ChangeStatus.CHANGE_STATUS_PENDING) {
        sentence += " It waits for approval " + change.getApprovalId() + ".";
      }
      sentences.add(sentence);
    }
  }

  private static void describeApproval(Approval approval, String time, List<String> sentences) {
    String state = approval.getState().name().substring("APPROVAL_STATE_".length())
        .toLowerCase(Locale.ROOT);
    sentences.add(String.format(Locale.ROOT, "%s: approval %s (%d to %d) was %s by %s at %s: %s",
        label(approval.getRule()), approval.getId(), approval.getFrom(), approval.getTo(), state,
        approval.getDecidedBy(), time, approval.getReason()));
  }

  private static void describeOverride(ManualOverride override, String actor, String time,
      List<String> sentences) {
    sentences.add(String.format(Locale.ROOT, "%s was set from %d to %d by %s at %s: %s",
        label(override.getRule()), override.getFrom(), override.getTo(), actor, time,
        override.getReason()));
  }

  private static String label(String rule) {
    String tier = RuleSnapshots.tier(rule);
    return tier.isEmpty() ? rule : tier;
  }
}
