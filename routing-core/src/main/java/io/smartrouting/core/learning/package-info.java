/**
 * Learning from outcomes: {@link io.smartrouting.core.learning.ConversionModel} keeps per rep × segment (× industry)
 * conversion statistics as Beta posteriors shrunk toward the team, feeds the weighted strategy's
 * {@code performance} factor and explores on a configurable share of leads so that newer reps get leads to learn
 * from. {@link io.smartrouting.core.learning.ConversionModel#warmStart} loads a historical CSV export.
 */
@NullMarked
package io.smartrouting.core.learning;

import org.jspecify.annotations.NullMarked;
