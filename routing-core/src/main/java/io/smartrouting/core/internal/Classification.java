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
    return ALL[index(reason, segment, defaulted, fromAccount)];
  }

  private static final Segment[] SEGMENTS = Segment.values();

  /**
   * Every classification there can be (a reason decides the tier), made once: classifying allocates nothing, and
   * the instances are immutable, so decisions share them.
   */
  private static final Classification[] ALL = new Classification[4 * SEGMENTS.length * 4];

  static {
    for (int reason = REASON_DEMO; reason <= REASON_OTHER; reason++) {
      Tier tier = reason == REASON_ICP ? Tier.TIER_2 : reason == REASON_OTHER ? Tier.TIER_3 : Tier.TIER_1;
      for (Segment segment : SEGMENTS) {
        for (int flags = 0; flags < 4; flags++) {
          boolean defaulted = (flags & 2) != 0;
          boolean fromAccount = (flags & 1) != 0;
          ALL[index(reason, segment, defaulted, fromAccount)] =
              new Classification(tier, segment, reason, defaulted, fromAccount);
        }
      }
    }
  }

  private static int index(int reason, Segment segment, boolean defaulted, boolean fromAccount) {
    return (((reason - 1) * SEGMENTS.length + segment.ordinal()) << 2) | (defaulted ? 2 : 0) | (fromAccount ? 1 : 0);
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
