package io.smartrouting.api;

/** Markers a {@link Decision} carries so that people and systems downstream can act on them. */
public enum Flag {
  /** No specialist for the lead's industry was eligible; a generalist got it and a specialist should follow up. */
  SPECIALIST_FOLLOW_UP,
  /**
   * The rep was at or above the capacity threshold and was assigned anyway (Tier 1 fast-track, or a one-to-one
   * account's people above capacity), never beyond capacity plus the router's bounded override share.
   */
  CAPACITY_OVERRIDE,
  /** Two or more accounts claim the lead's domain or name; no account was matched automatically. */
  AMBIGUOUS_ACCOUNT,
  /** Nobody was eligible; the lead was placed in the fallback queue. */
  FALLBACK_QUEUE,
  /** Nobody was eligible; the lead went to a team manager. */
  MANAGER_FALLBACK,
  /** The lead lacked the data to determine its segment; the configured default segment was used. */
  SEGMENT_DEFAULTED,
  /** Enrichment failed or timed out; the lead was routed with the data it had. */
  ENRICHMENT_DEGRADED,
  /** The lead matched a known account. */
  ACCOUNT_MATCHED,
  /** Nobody covering the lead was on shift: the lead waits in the next-shift queue. */
  AFTER_HOURS_QUEUE,
  /** Nobody covering the lead's territory was on shift: routed to a rep on shift in another territory. */
  FOLLOW_THE_SUN,
  /** The lead was moved to another rep after its first-contact SLA was breached. */
  REASSIGNED,
  /** The lead was handed to a manager or queue after its SLA breaches used up the reassignments. */
  ESCALATED,
  /**
   * The lead was one of the learning policy's exploration leads and the weighted strategy scored performance
   * optimistically (the upper bound, or 1.0 for a rep with too little data), so that newer reps get leads to learn
   * from.
   */
  EXPLORATION,
  /**
   * The shared live-state store did not answer in time, so the lead was placed in the fallback queue without
   * consulting it; the placement is written to the store when it answers again.
   */
  STATE_UNAVAILABLE,
  /** The lead waited in a queue and was assigned when a rep who could take it freed capacity or came on shift. */
  DRAINED,
  /**
   * The lead was moved by a call: {@code reassign} to a named rep, {@code transfer} away from its holder, or
   * {@code offboard} of its holder.
   */
  TRANSFERRED,
  /** The lead waited in a queue and a rep took it from there by asking for its next lead ({@code claimNext}). */
  CLAIMED,
  /** A chain step placed the lead in its queue, as a rule that assigns to a queue ({@code ChainStep.toQueue}). */
  QUEUED_BY_RULE
}
