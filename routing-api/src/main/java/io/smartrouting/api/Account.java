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

  /** {@return unique, non-blank account id} */
  String id();

  /** {@return company name as known to the CRM} */
  String name();

  /**
   * {@return web domains of the account, lower case (e.g. {@code acme.co.uk}; a website address given to the builder
   * is kept as its host, {@code https://www.acme.com/} as {@code acme.com}); subsidiaries' domains may be listed}
   */
  Set<String> domains();

  /** {@return rep id of the account owner, if any} */
  @Nullable String ownerRepId();

  /** {@return rep ids of the account team, tried in order when the owner cannot take a lead} */
  List<String> teamRepIds();

  /** {@return rep id of the configured backup, tried after the team} */
  @Nullable String backupRepId();

  /** {@return rep id of the account executive who receives sales-qualified leads (SDR to AE handoff)} */
  @Nullable String aeRepId();

  /**
   * The reps who work the account, in the order they take its leads: owner, team, backup, then AE, each once (a parent
   * account's people come after these, as the router tries them).
   *
   * @return the rep ids, unmodifiable; empty if the account names none
   */
  default java.util.List<String> people() {
    java.util.LinkedHashSet<String> ids = new java.util.LinkedHashSet<>();
    if (ownerRepId() != null) {
      ids.add(ownerRepId());
    }
    ids.addAll(teamRepIds());
    if (backupRepId() != null) {
      ids.add(backupRepId());
    }
    if (aeRepId() != null) {
      ids.add(aeRepId());
    }
    return java.util.List.copyOf(ids);
  }

  /** {@return id of the parent account, if this is a subsidiary} */
  @Nullable String parentAccountId();

  /** {@return industry key of the account, lower case} */
  @Nullable String industry();

  /**
   * Employees of the account's company, if known. When set, a lead matched to the account is classified by the
   * account's size, not by the size the lead reported. Default: unknown.
   *
   * @return the optional int
   */
  default OptionalInt employees() {
    return OptionalInt.empty();
  }

  /** {@return annual recurring revenue of the account, if known; classifies its leads like {@link #employees()}} */
  default OptionalLong annualRecurringRevenue() {
    return OptionalLong.empty();
  }

  /** {@return how closely the account is worked (default {@link AccountTier#ONE_TO_MANY})} */
  default AccountTier tier() {
    return AccountTier.ONE_TO_MANY;
  }

  /**
   * Returns a builder for the default immutable implementation.
   *
   * @param id the id
   * @return a new builder
   */
  static Builder builder(String id) {
    return new Builder(id);
  }

  /**
   * Returns a builder initialised with every field of {@code account}, to derive a changed copy: the account with
   * another owner, say ({@code Account.builderFrom(acme).ownerRepId("bob").build()}, then
   * {@code Router.updateAccounts}).
   *
   * @param account the account
   * @return a new builder
   */
  static Builder builderFrom(Account account) {
    Builder b = new Builder(account.id()).name(account.name()).domains(account.domains())
        .ownerRepId(account.ownerRepId()).teamRepIds(account.teamRepIds()).backupRepId(account.backupRepId())
        .aeRepId(account.aeRepId()).parentAccountId(account.parentAccountId()).industry(account.industry())
        .tier(account.tier());
    account.employees().ifPresent(b::employees);
    account.annualRecurringRevenue().ifPresent(b::annualRecurringRevenue);
    return b;
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

    /**
     * Sets the company name (required).
     *
     * @param name the company name (required)
     * @return this builder
     */
    public Builder name(String name) {
      this.name = Checks.blankToNull(name);
      return this;
    }

    /**
     * Sets the web domains: domain names ({@code acme.com}), or website addresses as CRMs store them
     * ({@code https://www.acme.com/}, kept as {@code acme.com}).
     *
     * @param domains the web domains
     * @return this builder
     */
    public Builder domains(Collection<String> domains) {
      this.domains = Checks.copy(domains, "account.domains");
      return this;
    }

    /**
     * Sets the web domains.
     *
     * @param domains the web domains
     * @return this builder
     */
    public Builder domains(String... domains) {
      return domains(java.util.Arrays.asList(domains));
    }

    /**
     * Sets the owner's rep id.
     *
     * @param ownerRepId the owner's rep id
     * @return this builder
     */
    public Builder ownerRepId(@Nullable String ownerRepId) {
      this.ownerRepId = Checks.blankToNull(ownerRepId);
      return this;
    }

    /**
     * Sets the account team's rep ids, in the order to try them.
     *
     * @param teamRepIds the account team's rep ids, in the order to try them
     * @return this builder
     */
    public Builder teamRepIds(List<String> teamRepIds) {
      this.teamRepIds = Checks.copy(teamRepIds, "account.teamRepIds");
      return this;
    }

    /**
     * Sets the backup rep id.
     *
     * @param backupRepId the backup rep id
     * @return this builder
     */
    public Builder backupRepId(@Nullable String backupRepId) {
      this.backupRepId = Checks.blankToNull(backupRepId);
      return this;
    }

    /**
     * Sets the account executive's rep id.
     *
     * @param aeRepId the account executive's rep id
     * @return this builder
     */
    public Builder aeRepId(@Nullable String aeRepId) {
      this.aeRepId = Checks.blankToNull(aeRepId);
      return this;
    }

    /**
     * Sets the parent account id.
     *
     * @param parentAccountId the parent account id
     * @return this builder
     */
    public Builder parentAccountId(@Nullable String parentAccountId) {
      this.parentAccountId = Checks.blankToNull(parentAccountId);
      return this;
    }

    /**
     * Sets the industry key (normalised to lower case).
     *
     * @param industry the industry key (normalised to lower case)
     * @return this builder
     */
    public Builder industry(@Nullable String industry) {
      this.industry = Checks.lower(industry);
      return this;
    }

    /**
     * Sets the account's employee count ({@code >= 0}).
     *
     * @param employees the account's employee count ({@code >= 0})
     * @return this builder
     */
    public Builder employees(int employees) {
      if (employees < 0) {
        throw new IllegalArgumentException("account.employees must be >= 0 but was " + employees + " (account "
            + id + ")");
      }
      this.employees = OptionalInt.of(employees);
      return this;
    }

    /**
     * Sets the account's annual recurring revenue ({@code >= 0}).
     *
     * @param arr the account's annual recurring revenue ({@code >= 0})
     * @return this builder
     */
    public Builder annualRecurringRevenue(long arr) {
      if (arr < 0) {
        throw new IllegalArgumentException("account.annualRecurringRevenue must be >= 0 but was " + arr
            + " (account " + id + ")");
      }
      this.arr = OptionalLong.of(arr);
      return this;
    }

    /**
     * Sets the account tier (default {@link AccountTier#ONE_TO_MANY}).
     *
     * @param tier the account tier (default {@link AccountTier#ONE_TO_MANY})
     * @return this builder
     */
    public Builder tier(AccountTier tier) {
      this.tier = java.util.Objects.requireNonNull(tier, "account.tier must not be null");
      return this;
    }

    /**
     * Validates and builds the account.
     *
     * @return the account
     * @throws IllegalArgumentException naming the field when the id or name is missing, a list holds blanks, or the
     *     account names itself as its parent
     */
    public Account build() {
      String accountId = Checks.requireId(id, "account.id");
      if (name == null) {
        throw new IllegalArgumentException("account.name must not be blank (account " + accountId + ")");
      }
      if (accountId.equals(parentAccountId)) {
        throw new IllegalArgumentException("account.parentAccountId must name another account, not the account itself"
            + " (account " + accountId + ")");
      }
      return new DefaultAccount(accountId, name, Checks.domains(domains, "account.domains"),
          ownerRepId, Checks.idList(teamRepIds, "account.teamRepIds"),
          backupRepId, aeRepId, parentAccountId, industry, employees, arr, tier);
    }
  }
}
