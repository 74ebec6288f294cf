package io.smartrouting.api;

/**
 * How closely an account is worked (the account-based-marketing tiers), which decides how strongly its leads stick to
 * the account's people: the owner, the account team, the backup and the AE, then the parent account's people.
 */
public enum AccountTier {
  /**
   * Strategic, one-to-one: the account's people take its leads even at or above the capacity threshold, up to the
   * router's bounded capacity override (flagged {@link Flag#CAPACITY_OVERRIDE} above capacity), and the leads never
   * leave the owner's team (the account's people and reps of the owner's {@link Rep#team()}): when none of them can
   * take a lead it waits in a queue until one can.
   */
  ONE_TO_ONE,
  /** One-to-few: the account's people take its leads up to their full capacity (the threshold does not apply). */
  ONE_TO_FEW,
  /**
   * One-to-many (the default): the account's people are eligible whatever the lead's segment or industry, held to
   * the capacity threshold like every rep; when none can take a lead, the chain goes on to other reps.
   */
  ONE_TO_MANY
}
