package io.smartrouting.api;

import java.util.Collection;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A known customer or target account. Leads are matched to accounts by the domain of their e-mail or website
 * and by normalised company name; every contact of an account goes to its owner when the owner can take it.
 *
 * <p>Implementations must be immutable. {@link #builder(String)} makes a validated default implementation.
 */
public interface Account {

  /** Unique, non-blank account id. */
  String id();

  /** Company name as known to the CRM. */
  String name();

  /** Web domains of the account, lower case (e.g. {@code acme.co.uk}); subsidiaries' domains may be listed. */
  Set<String> domains();

  /** Rep id of the account owner, if any. */
  @Nullable String ownerRepId();

  /** Rep ids of the account team, tried in order when the owner cannot take a lead. */
  List<String> teamRepIds();

  /** Rep id of the configured backup, tried after the team. */
  @Nullable String backupRepId();

  /** Rep id of the account executive who receives sales-qualified leads (SDR to AE handoff). */
  @Nullable String aeRepId();

  /** Id of the parent account, if this is a subsidiary. */
  @Nullable String parentAccountId();

  /** Industry key of the account, lower case. */
  @Nullable String industry();

  /**
   * Employees of the account's company, if known. When set, a lead matched to the account is classified by the
   * account's size, not by the size the lead reported. Default: unknown.
   */
  default OptionalInt employees() {
    return OptionalInt.empty();
  }

  /** Annual recurring revenue of the account, if known; classifies its leads like {@link #employees()}. */
  default OptionalLong annualRecurringRevenue() {
    return OptionalLong.empty();
  }

  /** How closely the account is worked (default {@link AccountTier#ONE_TO_MANY}). */
  default AccountTier tier() {
    return AccountTier.ONE_TO_MANY;
  }

  /** Returns a builder for the default immutable implementation. */
  static Builder builder(String id) {
    return new Builder(id);
  }

  /** Builds validated, immutable {@link Account}s. Not thread-safe. */
  final class Builder {
    private final String id;
    private @Nullable String name;
    private Collection<String> domains = List.of();
    private @Nullable String ownerRepId;
    private List<String> teamRepIds = List.of();
    private @Nullable String backupRepId;
    private @Nullable String aeRepId;
    private @Nullable String parentAccountId;
    private @Nullable String industry;
    private OptionalInt employees = OptionalInt.empty();
    private OptionalLong arr = OptionalLong.empty();
    private AccountTier tier = AccountTier.ONE_TO_MANY;

    private Builder(String id) {
      this.id = id;
    }

    /** Sets the company name (required). */
    public Builder name(String name) {
      this.name = Checks.blankToNull(name);
      return this;
    }

    /** Sets the web domains. */
    public Builder domains(Collection<String> domains) {
      this.domains = List.copyOf(domains);
      return this;
    }

    /** Sets the web domains. */
    public Builder domains(String... domains) {
      return domains(List.of(domains));
    }

    /** Sets the owner's rep id. */
    public Builder ownerRepId(@Nullable String ownerRepId) {
      this.ownerRepId = Checks.blankToNull(ownerRepId);
      return this;
    }

    /** Sets the account team's rep ids, in the order to try them. */
    public Builder teamRepIds(List<String> teamRepIds) {
      this.teamRepIds = List.copyOf(teamRepIds);
      return this;
    }

    /** Sets the backup rep id. */
    public Builder backupRepId(@Nullable String backupRepId) {
      this.backupRepId = Checks.blankToNull(backupRepId);
      return this;
    }

    /** Sets the account executive's rep id. */
    public Builder aeRepId(@Nullable String aeRepId) {
      this.aeRepId = Checks.blankToNull(aeRepId);
      return this;
    }

    /** Sets the parent account id. */
    public Builder parentAccountId(@Nullable String parentAccountId) {
      this.parentAccountId = Checks.blankToNull(parentAccountId);
      return this;
    }

    /** Sets the industry key (normalised to lower case). */
    public Builder industry(@Nullable String industry) {
      this.industry = Checks.lower(industry);
      return this;
    }

    /** Sets the account's employee count ({@code >= 0}). */
    public Builder employees(int employees) {
      if (employees < 0) {
        throw new IllegalArgumentException("account.employees must be >= 0 but was " + employees + " (account "
            + id + ")");
      }
      this.employees = OptionalInt.of(employees);
      return this;
    }

    /** Sets the account's annual recurring revenue ({@code >= 0}). */
    public Builder annualRecurringRevenue(long arr) {
      if (arr < 0) {
        throw new IllegalArgumentException("account.annualRecurringRevenue must be >= 0 but was " + arr
            + " (account " + id + ")");
      }
      this.arr = OptionalLong.of(arr);
      return this;
    }

    /** Sets the account tier (default {@link AccountTier#ONE_TO_MANY}). */
    public Builder tier(AccountTier tier) {
      this.tier = java.util.Objects.requireNonNull(tier, "account.tier must not be null");
      return this;
    }

    /**
     * Validates and builds the account.
     *
     * @throws IllegalArgumentException naming the field when the id or name is missing or a list holds blanks
     */
    public Account build() {
      String accountId = Checks.requireId(id, "account.id");
      if (name == null) {
        throw new IllegalArgumentException("account.name must not be blank (account " + accountId + ")");
      }
      return new DefaultAccount(accountId, name, Checks.normalisedSet(domains, "account.domains", false),
          ownerRepId, Checks.idList(teamRepIds, "account.teamRepIds"),
          backupRepId, aeRepId, parentAccountId, industry, employees, arr, tier);
    }
  }
}
