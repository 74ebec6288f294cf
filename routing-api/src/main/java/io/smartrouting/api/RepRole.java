package io.smartrouting.api;

/** The role a rep plays in the sales team. */
public enum RepRole {
  /** Sales development rep: qualifies leads before handing them to an AE. */
  SDR,
  /** Account executive: works sales-qualified leads and opportunities. */
  AE,
  /** Account manager: owns existing customer accounts. */
  ACCOUNT_MANAGER,
  /** Team manager: receives escalations and leads nobody else can take. */
  MANAGER,
  /** Any other role. */
  OTHER
}
