package io.smartrouting.strategies;

import io.smartrouting.api.Account;
import io.smartrouting.api.TimeOff;
import io.smartrouting.spi.RoutingContext;
import io.smartrouting.spi.RoutingStrategy;
import io.smartrouting.spi.StrategyResult;
import org.jspecify.annotations.Nullable;

/**
 * Account-based routing: a lead matched to a known account goes to the account's owner; when the owner cannot
 * take it (away, at capacity, not eligible), to the account team in order, then to the backup, then to the people
 * of the parent account (and its parent, up the chain) in the same order. A sales-qualified lead goes to the
 * account's AE first (SDR to AE handoff). A person on declared time off whose time off names a colleague to cover the
 * desk ({@link TimeOff#coverRepId()}) is stood in for by that colleague, at the person's place in the order.
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

  private static final String AE_REASON = "sales-qualified: handed to the account's AE";
  /** The usual results, made once per ordinal: the account's own people taking its lead allocate nothing. */
  private final AssignResults toAe = new AssignResults(AE_REASON);
  private final AssignResults toOwner = new AssignResults("account owner");
  private final AssignResults toTeam = new AssignResults("account team");
  private final AssignResults toBackup = new AssignResults("account backup");

  @Override
  public StrategyResult apply(RoutingContext ctx) {
    Account account = ctx.account();
    if (account == null) {
      return NO_ACCOUNT;
    }
    // Why each person tried could not take the lead, "; " between them; no builder until one could not.
    StringBuilder why = null;
    if (ctx.lead().salesQualified() && account.aeRepId() != null) {
      int o = ctx.ordinalOf(account.aeRepId());
      if (o >= 0 && ctx.candidates().contains(o)) {
        return toAe.of(o);
      }
      why = because(why).append("AE ").append(account.aeRepId()).append(": ").append(unavailable(ctx, o));
      StrategyResult covered = cover(ctx, o, "AE", "", why);
      if (covered != null) {
        return covered;
      }
    }
    Account current = account;
    for (int depth = 0; current != null && depth <= MAX_PARENTS; depth++) {
      String of = depth == 0 ? "" : " of parent account " + current.id();
      int o = candidate(ctx, current.ownerRepId());
      if (o >= 0) {
        return depth == 0 ? assigned(toOwner, o, why)
            : assigned(o, "parent account " + current.id() + "'s owner", why);
      }
      why = tried(ctx, current.ownerRepId(), "owner", of, why);
      StrategyResult covered = cover(ctx, current.ownerRepId(), "owner", of, why);
      if (covered != null) {
        return covered;
      }
      if (current.ownerRepId() == null) {
        why = because(why).append("no owner").append(of);
      }
      for (String member : current.teamRepIds()) {
        o = candidate(ctx, member);
        if (o >= 0) {
          return depth == 0 ? assigned(toTeam, o, why) : assigned(o, "account team" + of, why);
        }
        why = tried(ctx, member, "team member", of, why);
        covered = cover(ctx, member, "team member", of, why);
        if (covered != null) {
          return covered;
        }
      }
      o = candidate(ctx, current.backupRepId());
      if (o >= 0) {
        return depth == 0 ? assigned(toBackup, o, why) : assigned(o, "account backup" + of, why);
      }
      why = tried(ctx, current.backupRepId(), "backup", of, why);
      covered = cover(ctx, current.backupRepId(), "backup", of, why);
      if (covered != null) {
        return covered;
      }
      String parent = current.parentAccountId();
      current = parent == null ? null : ctx.account(parent);
    }
    return StrategyResult.pass("account " + account.id() + ": nobody can take it ("
        + (why == null ? "" : why.toString()) + ")");
  }

  /**
   * For an account person who could not take the lead ({@code why} already says why): the colleague their declared
   * time off names to cover the desk ({@link TimeOff#coverRepId()}), if on time off now and that colleague is a
   * candidate, standing in at the person's place in the order; else null, noting in {@code why} a cover who could not
   * take it either.
   */
  private static @Nullable StrategyResult cover(RoutingContext ctx, @Nullable String repId, String role, String of,
      @Nullable StringBuilder why) {
    return repId == null ? null : cover(ctx, ctx.ordinalOf(repId), role, of, why);
  }

  private static @Nullable StrategyResult cover(RoutingContext ctx, int person, String role, String of,
      @Nullable StringBuilder why) {
    TimeOff away = person < 0 ? null : ctx.rep(person).timeOffAt(ctx.now());
    if (away == null || away.coverRepId() == null) {
      return null;
    }
    int o = candidate(ctx, away.coverRepId());
    if (o >= 0) {
      String standIn = "cover for the account " + role + of;
      return StrategyResult.assign(o, why == null ? standIn : standIn + " (" + why + ")");
    }
    if (why != null) {
      why.append("; ").append(role).append(of).append(' ').append(ctx.rep(person).id()).append("'s cover ")
          .append(away.coverRepId()).append(": ").append(unavailable(ctx, ctx.ordinalOf(away.coverRepId())));
    }
    return null;
  }

  /** The ordinal of {@code repId} if it is a candidate, else -1. */
  private static int candidate(RoutingContext ctx, @Nullable String repId) {
    if (repId == null) {
      return -1;
    }
    int o = ctx.ordinalOf(repId);
    return o >= 0 && ctx.candidates().contains(o) ? o : -1;
  }

  /** Records why {@code repId} (not a candidate) could not take the lead; nothing for no one. */
  private static @Nullable StringBuilder tried(RoutingContext ctx, @Nullable String repId, String role, String of,
      @Nullable StringBuilder why) {
    if (repId == null) {
      return why;
    }
    return because(why).append(role).append(of).append(' ').append(repId).append(": ")
        .append(unavailable(ctx, ctx.ordinalOf(repId)));
  }

  /** {@code why} ready for one more entry. */
  private static StringBuilder because(@Nullable StringBuilder why) {
    return why == null ? new StringBuilder(96) : why.append("; ");
  }

  private static StrategyResult assigned(AssignResults usual, int o, @Nullable StringBuilder why) {
    return why == null ? usual.of(o) : StrategyResult.assign(o, usual.of(o).reason() + " (" + why + ")");
  }

  private static StrategyResult assigned(int o, String reason, @Nullable StringBuilder why) {
    return StrategyResult.assign(o, why == null ? reason : reason + " (" + why + ")");
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
