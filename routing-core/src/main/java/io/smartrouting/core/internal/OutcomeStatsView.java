package io.smartrouting.core.internal;

import io.smartrouting.api.Segment;

/** Read access to learned conversion rates. Not API. */
public interface OutcomeStatsView {
  /** No outcome data: every rate is NaN. */
  OutcomeStatsView NONE = (repId, segment) -> Double.NaN;

  double conversionRate(String repId, Segment segment);
}
