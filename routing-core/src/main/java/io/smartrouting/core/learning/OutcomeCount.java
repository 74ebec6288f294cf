package io.smartrouting.core.learning;

import io.smartrouting.api.Segment;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Closed outcomes of one rep in one segment (and industry, or the whole segment when {@code industry} is null): the
 * unit a {@link ConversionModel} exports and a shared state store keeps.
 *
 * @param repId the rep
 * @param segment the segment
 * @param industry the industry key, or null for the segment as a whole
 * @param outcomes closed outcomes (won + lost)
 * @param wins won outcomes
 */
public record OutcomeCount(String repId, Segment segment, @Nullable String industry, long outcomes, long wins) {

  /**
   * Validates the counts.
   *
   * @param repId the rep
   * @param segment the segment
   * @param industry the industry key, or null for the segment as a whole
   * @param outcomes closed outcomes (won + lost)
   * @param wins won outcomes
   */
  public OutcomeCount {
    Objects.requireNonNull(repId, "repId");
    Objects.requireNonNull(segment, "segment");
    if (outcomes < 0 || wins < 0 || wins > outcomes) {
      throw new IllegalArgumentException("outcome count of " + repId + "/" + segment + "/" + industry
          + " needs 0 <= wins <= outcomes but had " + wins + " of " + outcomes);
    }
  }
}
