package io.smartrouting.strategies;

import io.smartrouting.api.Account;
import io.smartrouting.spi.RoutingContext;
import io.smartrouting.spi.RoutingStrategy;
import io.smartrouting.spi.StrategyResult;
import java.util.ArrayList;
import java.util.List;

/**
 * Account-based routing: a lead matched to a known account goes to the account's owner; when the owner cannot
 * take it (out of office, at the capacity threshold, not eligible), to the account team in order, then to the
 * backup. A sales-qualified lead goes to the account's AE first (SDR to AE handoff). When nobody of the account
 * can take it, the strategy passes and says why, and later steps decide. Stateless and thread-safe.
 */
public final class AccountOwnerStrategy implements RoutingStrategy {

  private static final StrategyResult NO_ACCOUNT = StrategyResult.pass("no account match");

  @Override
  public StrategyResult apply(RoutingContext ctx) {
    Account account = ctx.account();
    if (account == null) {
      return NO_ACCOUNT;
    }
    List<String> why = null;
    if (ctx.lead().salesQualified() && account.aeRepId() != null) {
      int o = ctx.ordinalOf(account.aeRepId());
      if (o >= 0 && ctx.candidates().contains(o)) {
        return StrategyResult.assign(o, "sales-qualified: handed to the account's AE");
      }
      why = new ArrayList<>(4);
      why.add("AE " + account.aeRepId() + " " + unavailable(ctx, o));
    }
    String owner = account.ownerRepId();
    if (owner != null) {
      int o = ctx.ordinalOf(owner);
      if (o >= 0 && ctx.candidates().contains(o)) {
        return StrategyResult.assign(o, "account owner");
      }
      why = add(why, "owner " + owner + " " + unavailable(ctx, o));
    } else {
      why = add(why, "no owner");
    }
    for (String member : account.teamRepIds()) {
      int o = ctx.ordinalOf(member);
      if (o >= 0 && ctx.candidates().contains(o)) {
        return StrategyResult.assign(o, "account team (" + String.join("; ", why) + ")");
      }
      why.add("team member " + member + " " + unavailable(ctx, o));
    }
    String backup = account.backupRepId();
    if (backup != null) {
      int o = ctx.ordinalOf(backup);
      if (o >= 0 && ctx.candidates().contains(o)) {
        return StrategyResult.assign(o, "account backup (" + String.join("; ", why) + ")");
      }
      why.add("backup " + backup + " " + unavailable(ctx, o));
    }
    return StrategyResult.pass("account " + account.id() + ": nobody can take it (" + String.join("; ", why) + ")");
  }

  private static List<String> add(List<String> list, String item) {
    List<String> out = list == null ? new ArrayList<>(4) : list;
    out.add(item);
    return out;
  }

  private static String unavailable(RoutingContext ctx, int o) {
    if (o < 0) {
      return "is not in the roster";
    }
    if (!ctx.isAvailable(o)) {
      return "is out of office";
    }
    if (!ctx.hasHeadroom(o)) {
      return "is at the capacity threshold";
    }
    return "is not eligible (segment, language or an earlier step)";
  }
}
