package io.smartrouting.core.experiment;

import java.util.Locale;

/**
 * What one variant of an {@link Experiment} did.
 *
 * @param name the variant
 * @param share its configured share of traffic
 * @param leads leads routed through it
 * @param assigned leads it assigned to a rep (the rest were queued)
 * @param contacted leads with a recorded first contact
 * @param won leads with a WON outcome
 * @param lost leads with a LOST outcome
 * @param meanMinutesToContact mean minutes from routing to first contact over contacted leads (NaN if none)
 */
public record VariantStats(String name, double share, long leads, long assigned, long contacted, long won,
    long lost, double meanMinutesToContact) {

  /**
   * Contacted leads / routed leads (NaN before any lead).
   *
   * @return the contact rate
   */
  public double contactRate() {
    return leads == 0 ? Double.NaN : (double) contacted / leads;
  }

  /**
   * Won leads / routed leads (NaN before any lead).
   *
   * @return the conversion rate
   */
  public double conversionRate() {
    return leads == 0 ? Double.NaN : (double) won / leads;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s (%.0f%%): %d leads, contact %.1f%%, conversion %.2f%%, "
        + "%.1f min to first contact", name, 100 * share, leads, 100 * contactRate(), 100 * conversionRate(),
        meanMinutesToContact);
  }
}
