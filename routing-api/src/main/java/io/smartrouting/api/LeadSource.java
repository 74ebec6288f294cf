package io.smartrouting.api;

/** Where a lead came from. Demo and contact-sales requests are Tier 1 by default. */
public enum LeadSource {
  /** The lead asked for a demo. */
  DEMO_REQUEST,
  /** The lead asked to talk to sales. */
  CONTACT_SALES,
  /** Free trial or freemium sign-up. */
  TRIAL,
  /** Webinar or event registration. */
  EVENT,
  /** Content download or newsletter. */
  CONTENT,
  /** Referred by a customer or partner. */
  REFERRAL,
  /** Found by outbound prospecting. */
  OUTBOUND,
  /** Unknown or not given. */
  UNKNOWN;

  /**
   * Returns true for sources that express explicit buying intent (demo and contact-sales requests).
   *
   * @return the boolean
   */
  public boolean isHandRaiser() {
    return this == DEMO_REQUEST || this == CONTACT_SALES;
  }
}
