/**
 * A/B experiments between routing variants: {@link io.smartrouting.core.experiment.Experiment} splits leads with a
 * sticky hash, records contacts and outcomes per variant, and reports two-proportion tests and a sample-ratio
 * check. {@link io.smartrouting.core.experiment.Statistics} holds the few distributions they need.
 */
@NullMarked
package io.smartrouting.core.experiment;

import org.jspecify.annotations.NullMarked;
