package io.smartrouting.core.learning;

import io.smartrouting.api.Segment;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link ConversionModel} believes about one rep's conversion rate for one segment (and industry).
 *
 * @param repId the rep
 * @param segment the segment
 * @param industry the industry, or null for the segment as a whole
 * @param mean posterior mean of the rate, shrunk toward the team
 * @param lower lower bound of the 95% credible interval (normal approximation, clipped to [0, 1])
 * @param upper upper bound of the 95% credible interval
 * @param wins the rep's won outcomes in the segment (and industry, when given)
 * @param outcomes the rep's closed outcomes (won + lost) in the segment (and industry, when given)
 * @param teamRate the rate of the rep's team for the segment, the prior's centre
 *     ({@link ConversionModel#teamRate(String, Segment)})
 */
public record ConversionEstimate(String repId, Segment segment, @Nullable String industry, double mean,
    double lower, double upper, long wins, long outcomes, double teamRate) {}
