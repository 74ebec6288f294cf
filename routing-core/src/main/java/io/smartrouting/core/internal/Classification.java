package io.smartrouting.core.internal;

import io.smartrouting.api.Lead;
import io.smartrouting.api.Segment;
import io.smartrouting.api.Tier;
import io.smartrouting.core.ClassificationPolicy;

/** Tier and segment of one lead, with why. Not API. */
public final class Classification {
  public static final int REASON_DEMO = 1;
  public static final int REASON_EXEC_TITLE = 2;
  public static final int REASON_ICP = 3;
  public static final int REASON_OTHER = 4;

  public final Tier tier;
  public final Segment segment;
  public final int tierReason;
  public final boolean segmentDefaulted;
  /** True if the segment came from the matched account's size rather than the lead's. */
  public final boolean segmentFromAccount;

  private Classification(Tier tier, Segment segment, int tierReason, boolean segmentDefaulted,
      boolean segmentFromAccount) {
    this.tier = tier;
    this.segment = segment;
    this.tierReason = tierReason;
    this.segmentDefaulted = segmentDefaulted;
    this.segmentFromAccount = segmentFromAccount;
  }

  /** Classifies {@code lead}; total: every lead gets a tier and a segment. */
  public static Classification of(Lead lead, ClassificationPolicy policy) {
    return of(lead, null, policy);
  }

  /**
   * Classifies {@code lead} matched to {@code account}: the segment comes from the account's employees and ARR when
   * the account has either, else from the lead's own.
   */
  public static Classification of(Lead lead, io.smartrouting.api.@org.jspecify.annotations.Nullable Account account,
      ClassificationPolicy policy) {
    Tier tier;
    int reason;
    String title = lead.title();
    if (lead.source().isHandRaiser()) {
      tier = Tier.TIER_1;
      reason = REASON_DEMO;
    } else if (title != null && policy.isExecutiveTitle(title)) {
      tier = Tier.TIER_1;
      reason = REASON_EXEC_TITLE;
    } else if (lead.icpScore().isPresent() && lead.icpScore().getAsInt() >= policy.tier2IcpScore()) {
      tier = Tier.TIER_2;
      reason = REASON_ICP;
    } else {
      tier = Tier.TIER_3;
      reason = REASON_OTHER;
    }
    java.util.OptionalInt employees = lead.employees();
    java.util.OptionalLong arr = lead.annualRecurringRevenue();
    boolean fromAccount = false;
    if (account != null && (account.employees().isPresent() || account.annualRecurringRevenue().isPresent())) {
      employees = account.employees();
      arr = account.annualRecurringRevenue();
      fromAccount = true;
    }
    Segment segment = policy.segmentOf(employees, arr);
    boolean defaulted = !employees.isPresent() && !arr.isPresent();
    return new Classification(tier, segment, reason, defaulted, fromAccount);
  }

  /** Words for the trace. */
  public String tierReasonText() {
    switch (tierReason) {
      case REASON_DEMO:
        return "demo or contact-sales request";
      case REASON_EXEC_TITLE:
        return "executive title";
      case REASON_ICP:
        return "ICP score at or above the Tier 2 threshold";
      default:
        return "no Tier 1 or Tier 2 signal";
    }
  }
}
