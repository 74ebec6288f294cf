package io.smartrouting.spi;

/** How closely a rep's coverage fits a lead, strongest first. */
public enum TerritoryMatch {
  /** The rep works the lead's account: named account, owner, team, backup or AE. */
  ACCOUNT,
  /** The rep covers the lead's country and region ({@code US-CA}). */
  REGION,
  /** The rep covers the lead's whole country ({@code US}). */
  COUNTRY,
  /** The rep covers any territory ({@code *}). */
  GLOBAL,
  /** The lead has no country, so territory did not apply. */
  UNKNOWN,
  /** The rep does not cover the lead. */
  NONE
}
