package io.smartrouting.core;

import io.smartrouting.api.Account;
import io.smartrouting.core.internal.AccountDirectory;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Where an account list leaves leads unmatched: the domains that accounts of different families claim, and the company
 * names they share. Two accounts are of one family when one is the other's parent, or a parent's parent, and so on; a
 * key claimed within one family goes to its most specific account. Any other key claimed twice matches none of its
 * claimers, so a lead from such a domain (or with such a company name and no account's domain) is routed as a lead of
 * no account and its decision carries {@link io.smartrouting.api.Flag#AMBIGUOUS_ACCOUNT}. That is right for a host
 * several companies share; for a domain entered twice by mistake it sends every lead from it past its owner.
 *
 * <p>For checking an account list before it goes live (the configuration module's warnings and {@code routing
 * validate} report these), not for the routing path: {@link #of} indexes the whole list. Domains are compared as the
 * router matches them (registrable domain, lower case: {@code mail.acme.co.uk} is {@code acme.co.uk}) and names as it
 * compares them (case, accents, punctuation, a leading "The" and legal forms set aside: {@code The Acme Company} and
 * {@code ACME, Inc.} are one name).
 *
 * <p>Immutable; the maps are sorted by key and their lists keep the order the accounts were given in.
 *
 * @param domains each domain that accounts of different families claim, with their ids
 * @param names each company name (as compared) that accounts of different families share, with their ids
 */
public record AccountConflicts(SortedMap<String, List<String>> domains, SortedMap<String, List<String>> names) {

  /**
   * Copies both maps (and their lists) into unmodifiable ones.
   *
   * @param domains each domain that accounts of different families claim, with their ids
   * @param names each company name (as compared) that accounts of different families share, with their ids
   * @throws NullPointerException if a map, a key or a list is null
   */
  public AccountConflicts {
    domains = frozen(Objects.requireNonNull(domains, "domains"));
    names = frozen(Objects.requireNonNull(names, "names"));
  }

  /**
   * The conflicts of {@code accounts}.
   *
   * @param accounts the account list, as it would be given to the router
   * @return the domains and company names that match none of their claimers; empty maps when there are none
   * @throws NullPointerException if {@code accounts} or one of its accounts is null
   * @throws IllegalArgumentException if two accounts have the same id (naming it), as the router would refuse them
   */
  public static AccountConflicts of(Collection<? extends Account> accounts) {
    Objects.requireNonNull(accounts, "accounts");
    for (Account a : accounts) {
      Objects.requireNonNull(a, "accounts must not contain null");
    }
    AccountDirectory directory = new AccountDirectory(accounts, Set.of());
    return new AccountConflicts(directory.ambiguousDomains(), directory.ambiguousNames());
  }

  /**
   * Whether {@code domain} can be an account's domain as the router matches leads to accounts: a company's domain
   * ({@code acme.co.uk}) or a host under one ({@code www.acme.co.uk}, {@code mail.acme.co.uk}). A public suffix alone
   * ({@code co.uk}, {@code com}) or text that is no domain name cannot: the router refuses an account that lists one.
   * For checking an account list where its domains are written (the configuration module reports it at the domain).
   *
   * @param domain a domain as an account would list it
   * @return true if the router takes it
   * @throws NullPointerException if {@code domain} is null
   */
  public static boolean isAccountDomain(String domain) {
    return AccountDirectory.registrableDomain(Objects.requireNonNull(domain, "domain")) != null;
  }

  /**
   * Whether every domain and company name matches an account.
   *
   * @return true if there is no conflict
   */
  public boolean isEmpty() {
    return domains.isEmpty() && names.isEmpty();
  }

  private static SortedMap<String, List<String>> frozen(SortedMap<String, List<String>> map) {
    SortedMap<String, List<String>> copy = new TreeMap<>();
    map.forEach((key, ids) -> copy.put(Objects.requireNonNull(key, "key"), List.copyOf(ids)));
    return Collections.unmodifiableSortedMap(copy);
  }
}
