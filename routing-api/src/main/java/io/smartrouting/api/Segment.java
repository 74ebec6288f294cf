package io.smartrouting.api;

/** Deal-size segment of a lead, and the segments a rep covers. */
public enum Segment {
  /** Large companies or large deals (by default 1,000+ employees or ARR of 50,000+). */
  ENTERPRISE,
  /** Mid-sized companies (by default 200+ employees). */
  MID_MARKET,
  /** Small and medium businesses: everything smaller. */
  SMB
}
