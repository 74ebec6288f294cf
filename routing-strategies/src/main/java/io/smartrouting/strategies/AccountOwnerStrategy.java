package io.smartrouting.strategies;

import io.smartrouting.api.Account;
import io.smartrouting.spi.RoutingContext;
import io.smartrouting.spi.RoutingStrategy;
import io.smartrouting.spi.StrategyResult;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Account-based routing: a lead matched to a known account goes to the account's owner; when the owner cannot
 * take it (away, at capacity, not eligible), to the account team in order, then to the backup, then to the people
 * of the parent account (and its parent, up the chain) in the same order. A sales-qualified lead goes to the
 * account's AE first (SDR to AE handoff).
 *
 * <p>The router makes the account's people candidates for the account's leads whatever the lead's segment or
 * industry, and holds them to the capacity that the account's {@link io.smartrouting.api.AccountTier} allows. When
 * nobody of the account can take the lead, the strategy passes and says, for each person, exactly which rule
 * excluded them (from {@link RoutingContext#exclusionReason(int)}); later steps decide. Stateless and thread-safe.
 */
public final class AccountOwnerStrategy implements RoutingStrategy {

  private static final StrategyResult NO_ACCOUNT = StrategyResult.pass("no account match");
  /** Parent accounts walked at most. */
  private static final int MAX_PARENTS = 8;

  @Override
  public StrategyResult apply(RoutingContext ctx) {
    Account account = ctx.account();
    if (account == null) {
      return NO_ACCOUNT;
    }
    List<String> why = new ArrayList<>(0); // no array until a person cannot take the lead
    if (ctx.lead().salesQualified() && account.aeRepId() != null) {
      int o = ctx.ordinalOf(account.aeRepId());
      if (o >= 0 && ctx.candidates().contains(o)) {
        return StrategyResult.assign(o, "sales-qualified: handed to the account's AE");
      }
      why.add("AE " + account.aeRepId() + ": " + unavailable(ctx, o));
    }
    Account current = account;
    for (int depth = 0; current != null && depth <= MAX_PARENTS; depth++) {
      String of = depth == 0 ? "" : " of parent account " + current.id();
      StrategyResult r = tryPerson(ctx, current.ownerRepId(), "owner", depth == 0 ? "account owner"
          : "parent account " + current.id() + "'s owner", why, of);
      if (r != null) {
        return r;
      }
      if (current.ownerRepId() == null) {
        why.add("no owner" + of);
      }
      for (String member : current.teamRepIds()) {
        r = tryPerson(ctx, member, "team member", "account team" + of, why, of);
        if (r != null) {
          return r;
        }
      }
      r = tryPerson(ctx, current.backupRepId(), "backup", "account backup" + of, why, of);
      if (r != null) {
        return r;
      }
      String parent = current.parentAccountId();
      current = parent == null ? null : ctx.account(parent);
    }
    return StrategyResult.pass("account " + account.id() + ": nobody can take it (" + String.join("; ", why) + ")");
  }

  /** Assigns {@code repId} if it is a candidate, else records why not and returns null. */
  private static @Nullable StrategyResult tryPerson(RoutingContext ctx, @Nullable String repId, String role,
      String reason, List<String> why, String of) {
    if (repId == null) {
      return null;
    }
    int o = ctx.ordinalOf(repId);
    if (o >= 0 && ctx.candidates().contains(o)) {
      return StrategyResult.assign(o, why.isEmpty() ? reason : reason + " (" + String.join("; ", why) + ")");
    }
    why.add(role + of + " " + repId + ": " + unavailable(ctx, o));
    return null;
  }

  private static String unavailable(RoutingContext ctx, int o) {
    if (o < 0) {
      return "not in the roster";
    }
    String reason = ctx.exclusionReason(o);
    if (reason != null) {
      return reason;
    }
    if (!ctx.isAvailable(o)) {
      return "unavailable";
    }
    return ctx.hasHeadroom(o) ? "not a candidate" : "at the capacity threshold";
  }
}
