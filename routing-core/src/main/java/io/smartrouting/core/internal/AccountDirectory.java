package io.smartrouting.core.internal;

import com.google.common.net.InternetDomainName;
import io.smartrouting.api.Account;
import io.smartrouting.api.Lead;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Immutable index of known accounts for matching leads: by explicit account id, then by registrable domain of
 * the e-mail or website (free-mail domains excluded), then by normalised company name. Not API.
 */
public final class AccountDirectory {

  /** Legal-form words dropped from the end of company names before comparing. */
  static final Set<String> LEGAL_SUFFIXES = Set.of("inc", "incorporated", "llc", "llp", "lp", "ltd", "limited",
      "gmbh", "mbh", "ag", "kg", "corp", "corporation", "co", "company", "plc", "sa", "sas", "sarl", "srl", "spa",
      "bv", "nv", "oy", "ab", "as", "pty", "pte", "kk", "se");

  /** How a lead was matched. */
  public enum How { EXPLICIT_ID, DOMAIN, NAME, NONE }

  /** The outcome of matching one lead. */
  public static final class Match {
    static final Match NONE = new Match(null, How.NONE, false, null, Set.of());
    public final @Nullable Account account;
    public final How how;
    public final boolean ambiguous;
    public final @Nullable String key;
    /** Rep ids working the matched account; empty without a match. */
    public final Set<String> people;

    Match(@Nullable Account account, How how, boolean ambiguous, @Nullable String key, Set<String> people) {
      this.account = account;
      this.how = how;
      this.ambiguous = ambiguous;
      this.key = key;
      this.people = people;
    }
  }

  private final Map<String, Account> byId;
  private final Map<String, Set<String>> people = new HashMap<>();
  private final Map<String, List<Account>> byDomain;
  private final Map<String, List<Account>> byName;
  /**
   * The match each account id, domain and company name key gives when it names one account (or one deepest claimer):
   * a match holds only the directory's own account, key and people, so one per key is made here and shared by every
   * lead that matches that way, instead of one per lead.
   */
  private final Map<String, Match> explicitMatches = new HashMap<>();
  private final Map<String, Match> domainMatches = new HashMap<>();
  private final Map<String, Match> nameMatches = new HashMap<>();
  private final Set<String> freeMail;
  /** {@link #byDomain} and {@link #freeMail} for looking an e-mail's host up without copying it. */
  private final RegionTable<List<Account>> domainTable;
  private final RegionTable<Boolean> freeMailTable;
  /** Said by {@link #emailKey} when the host has characters only the general path folds. */
  private static final String GENERAL_PATH = new String("general path");

  public AccountDirectory(Collection<? extends Account> accounts, Set<String> freeMailDomains) {
    Map<String, Account> ids = new LinkedHashMap<>();
    for (Account a : accounts) {
      if (ids.put(a.id(), a) != null) {
        throw new IllegalArgumentException("duplicate account id '" + a.id() + "'");
      }
    }
    Map<String, List<Account>> domains = new HashMap<>();
    Map<String, List<Account>> names = new HashMap<>();
    for (Account a : ids.values()) {
      for (String d : a.domains()) {
        String key = registrableDomain(d);
        if (key == null) {
          throw new IllegalArgumentException("account.domains has an invalid domain '" + d + "' (account "
              + a.id() + ")");
        }
        List<Account> list = domains.computeIfAbsent(key, k -> new ArrayList<>(1));
        if (!list.contains(a)) {
          list.add(a);
        }
      }
      String n = normaliseCompanyName(a.name());
      if (!n.isEmpty()) {
        names.computeIfAbsent(n, k -> new ArrayList<>(1)).add(a);
      }
    }
    refuseParentCycles(ids);
    // Most keys name one account: an immutable list of one is half a growable list's bytes.
    domains.replaceAll((key, claimers) -> List.copyOf(claimers));
    names.replaceAll((key, claimers) -> List.copyOf(claimers));
    this.byId = ids;
    for (Account a : ids.values()) {
      // The account's own people first, then each parent's in turn: a subsidiary nobody works falls back to the
      // people of its parent account. Kept as an immutable set in that order (a few references; a linked hash set of
      // the same ids took about 250 bytes an account, and tenants have hundreds of thousands of accounts).
      com.google.common.collect.ImmutableSet.Builder<String> all = com.google.common.collect.ImmutableSet.builder();
      all.addAll(a.people());
      Account cur = a;
      for (int depth = 0; cur.parentAccountId() != null && depth < 32; depth++) {
        cur = ids.get(cur.parentAccountId());
        if (cur == null) {
          break;
        }
        all.addAll(cur.people());
      }
      people.put(a.id(), all.build());
    }
    this.byDomain = domains;
    this.byName = names;
    for (Account a : ids.values()) {
      explicitMatches.put(a.id(), new Match(a, How.EXPLICIT_ID, false, a.id(), peopleOf(a)));
    }
    domains.forEach((key, claimers) -> {
      Account chosen = resolve(claimers);
      if (chosen != null) {
        domainMatches.put(key, new Match(chosen, How.DOMAIN, false, key, peopleOf(chosen)));
      }
    });
    names.forEach((key, claimers) -> {
      Account chosen = resolve(claimers);
      if (chosen != null) {
        nameMatches.put(key, new Match(chosen, How.NAME, false, key, peopleOf(chosen)));
      }
    });
    this.freeMail = Set.copyOf(freeMailDomains);
    this.domainTable = new RegionTable<>(domains);
    Map<String, Boolean> free = new HashMap<>();
    for (String f : freeMail) {
      free.put(f, Boolean.TRUE);
    }
    this.freeMailTable = new RegionTable<>(free);
  }

  /** Rep ids that work {@code account}: owner, team, backup and AE ({@link Account#people()}). */
  public static Set<String> people(Account account) {
    return new java.util.LinkedHashSet<>(account.people());
  }

  /**
   * The precomputed people of a known account, in order: its own (owner, team, backup, AE), then those of each
   * parent account up the chain.
   */
  public Set<String> peopleOf(Account account) {
    Set<String> p = people.get(account.id());
    return p != null ? p : java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(people(account)));
  }

  public int size() {
    return byId.size();
  }

  public @Nullable Account byId(String id) {
    return byId.get(id);
  }

  public Collection<Account> all() {
    return byId.values();
  }

  /** Matches a lead to an account. */
  public Match match(Lead lead) {
    if (byId.isEmpty()) {
      return Match.NONE;
    }
    String explicit = lead.accountId();
    if (explicit != null) {
      Match m = explicitMatches.get(explicit);
      if (m != null) {
        return m;
      }
    }
    boolean ambiguous = false;
    String ambiguousKey = null;
    for (int source = 0; source < 2; source++) {
      // The usual case, an ASCII e-mail or website, is found in place without copying the host; either way the key
      // is one some account claims, or null.
      String key = source == 0 ? emailKey(lead.email()) : websiteKey(lead.website());
      if (key == GENERAL_PATH) {
        String host = source == 0 ? emailHost(lead.email()) : websiteHost(lead.website());
        key = host == null ? null : domainKey(host);
      }
      if (key != null) {
        Match m = domainMatches.get(key);
        if (m != null) {
          return m;
        }
        ambiguous = true;
        ambiguousKey = key;
      }
    }
    String company = lead.companyName();
    if (company != null) {
      String key = normaliseCompanyName(company);
      List<Account> claimers = byName.get(key);
      if (claimers != null) {
        Match m = nameMatches.get(key);
        if (m != null && !ambiguous) {
          return m;
        }
        if (m == null) {
          ambiguous = true;
          ambiguousKey = key;
        }
      }
    }
    return ambiguous ? new Match(null, How.NONE, true, ambiguousKey, Set.of()) : Match.NONE;
  }

  /**
   * The domains (as matched: registrable domains) that accounts not on one parent chain claim, each with its
   * claimers' ids in the order given, by domain: a lead from one of them matches no account by its address. For
   * validation, not the routing path.
   */
  public java.util.SortedMap<String, List<String>> ambiguousDomains() {
    return ambiguous(byDomain, domainMatches);
  }

  /**
   * The company names (as compared: {@link #normaliseCompanyName}) that accounts not on one parent chain share, with
   * their ids, by name: a lead with that company name and no account domain matches neither by name.
   */
  public java.util.SortedMap<String, List<String>> ambiguousNames() {
    return ambiguous(byName, nameMatches);
  }

  private static java.util.SortedMap<String, List<String>> ambiguous(Map<String, List<Account>> claimed,
      Map<String, Match> resolved) {
    java.util.SortedMap<String, List<String>> out = new java.util.TreeMap<>();
    claimed.forEach((key, claimers) -> {
      if (!resolved.containsKey(key)) {
        out.put(key, claimers.stream().map(Account::id).toList());
      }
    });
    return out;
  }

  /**
   * One claimer wins; several win only when they lie on one parent chain (a subsidiary listed on its parent), in
   * which case the most specific (deepest) one wins. Otherwise null: ambiguous.
   */
  private @Nullable Account resolve(List<Account> claimers) {
    if (claimers.size() == 1) {
      return claimers.get(0);
    }
    Account deepest = null;
    int deepestDepth = -1;
    for (Account a : claimers) {
      int d = depth(a);
      if (d > deepestDepth) {
        deepest = a;
        deepestDepth = d;
      }
    }
    for (Account a : claimers) {
      if (a != deepest && !isAncestor(a, deepest)) {
        return null;
      }
    }
    return deepest;
  }

  /**
   * Refuses accounts whose parents lead back to themselves ({@code a -> b -> a}): each would be its own ancestor, its
   * family's order of people undefined. One walk up from each account, stopping at an account already known to end.
   *
   * @throws IllegalArgumentException naming the accounts of the cycle
   */
  private static void refuseParentCycles(Map<String, Account> ids) {
    Set<String> ending = new java.util.HashSet<>(ids.size() * 2);
    List<String> path = new ArrayList<>();
    for (Account a : ids.values()) {
      path.clear();
      Account cur = a;
      while (cur != null && !ending.contains(cur.id())) {
        int at = path.indexOf(cur.id());
        if (at >= 0) {
          List<String> cycle = new ArrayList<>(path.subList(at, path.size()));
          cycle.add(cur.id());
          throw new IllegalArgumentException("account.parentAccountId: the parents of accounts form a cycle, "
              + String.join(" -> ", cycle) + " (an account cannot be its own ancestor)");
        }
        path.add(cur.id());
        cur = cur.parentAccountId() == null ? null : ids.get(cur.parentAccountId());
      }
      ending.addAll(path);
    }
  }

  private int depth(Account a) {
    int d = 0;
    Account cur = a;
    while (cur.parentAccountId() != null && d < 32) {
      cur = byId.get(cur.parentAccountId());
      if (cur == null) {
        break;
      }
      d++;
    }
    return d;
  }

  private boolean isAncestor(Account candidate, @Nullable Account of) {
    Account cur = of;
    for (int i = 0; cur != null && i < 32; i++) {
      String parent = cur.parentAccountId();
      if (parent == null) {
        return false;
      }
      if (parent.equals(candidate.id())) {
        return true;
      }
      cur = byId.get(parent);
    }
    return false;
  }

  /** The free-mail domains this directory was built with (the router's). */
  public Set<String> freeMailDomains() {
    return freeMail;
  }

  /**
   * True if {@code email}'s host (any case) is one of {@code freeMail}'s domains or under one ({@code mail.yahoo.com}
   * is Yahoo's); false for another host; null without an address or a host.
   */
  public static @Nullable Boolean isFreeMail(@Nullable String email, Set<String> freeMail) {
    int at = email == null ? -1 : email.lastIndexOf('@');
    if (at < 0 || at == email.length() - 1) {
      return null;
    }
    String host = email.substring(at + 1).trim().toLowerCase(java.util.Locale.ROOT);
    for (String suffix = stripWww(host); suffix != null; suffix = parentDomain(suffix)) {
      if (freeMail.contains(suffix)) {
        return Boolean.TRUE;
      }
    }
    return Boolean.FALSE;
  }

  private static String stripWww(String host) {
    String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    return h.startsWith("www.") ? h.substring(4) : h;
  }

  /** {@code a.b.c} to {@code b.c}; null for a single label. */
  private static @Nullable String parentDomain(String domain) {
    int dot = domain.indexOf('.');
    if (dot < 0 || domain.indexOf('.', dot + 1) < 0) {
      return null;
    }
    return domain.substring(dot + 1);
  }

  /**
   * The account-domain key {@code host} (lower case) falls under, or null. Keys are registrable domains, so the host's
   * registrable domain is the one suffix of it that can be a key: walking the suffixes finds it without parsing the
   * public-suffix list on every lead; a free-mail domain on the way ends the walk.
   */
  @Nullable String domainKey(String host) {
    for (String suffix = stripWww(host); suffix != null; suffix = parentDomain(suffix)) {
      if (freeMail.contains(suffix)) {
        return null;
      }
      if (byDomain.containsKey(suffix)) {
        return suffix;
      }
    }
    return null;
  }

  /** {@link #emailKey} for tests: the general path's answer is {@code domainKey(emailHost(email))}. */
  @Nullable String emailKeyForTest(String email) {
    String k = emailKey(email);
    return k == GENERAL_PATH ? "(general path)" : k;
  }

  /**
   * The account-domain key the e-mail's host falls under, as the general path finds it (host trimmed and lower-cased,
   * a final dot and a leading {@code www.} dropped, then the host and each parent domain of two labels or more in
   * turn, stopping at a free-mail domain): the stored key itself, or null if none; {@link #GENERAL_PATH} if the host is
   * not ASCII.
   */
  private @Nullable String emailKey(@Nullable String email) {
    int from = hostStart(email);
    if (from < 0) {
      return null;
    }
    from = blanksFrom(email, from, email.length());
    int to = blanksTo(email, from, email.length());
    if (!RegionTable.foldable(email, from, to)) {
      return GENERAL_PATH;
    }
    if (to > from && email.charAt(to - 1) == '.') {
      to--;
    }
    if (to - from >= 4 && email.regionMatches(true, from, "www.", 0, 4)) {
      from += 4;
    }
    return suffixKey(email, from, to);
  }

  /** Where {@code s[from, to)} starts once leading blanks (characters up to a space, as {@code trim}) are left out. */
  private static int blanksFrom(String s, int from, int to) {
    while (from < to && s.charAt(from) <= ' ') {
      from++;
    }
    return from;
  }

  /** Where {@code s[from, to)} ends once trailing blanks are left out. */
  private static int blanksTo(String s, int from, int to) {
    while (to > from && s.charAt(to - 1) <= ' ') {
      to--;
    }
    return to;
  }

  /**
   * The account-domain key of the host in {@code text[from, to)} (ASCII, a final dot and {@code www.} already
   * dropped), walking the host and each parent domain of two labels or more as {@link #domainKey} does.
   */
  private @Nullable String suffixKey(String text, int from, int to) {
    for (int s = from; ; ) {
      if (freeMailTable.get(text, s, to) != null) {
        return null;
      }
      String key = domainTable.key(text, s, to);
      if (key != null) {
        return key;
      }
      int dot = text.indexOf('.', s);
      if (dot < 0 || dot >= to || text.indexOf('.', dot + 1) < 0 || text.indexOf('.', dot + 1) >= to) {
        return null;
      }
      s = dot + 1;
    }
  }

  /**
   * {@link #emailKey} for a website: the account-domain key {@code domainKey(websiteHost(website))} gives, found in
   * place (the host cut out as {@link io.smartrouting.api.Codes#domain} does: scheme, path, user and port dropped, a
   * final dot and {@code www.} too, then {@link #domainKey}'s own trimming), or {@link #GENERAL_PATH} if it is not
   * ASCII. Copying the host out of a website took about 0.2 µs and 180 bytes a lead.
   */
  private @Nullable String websiteKey(@Nullable String website) {
    if (website == null) {
      return null;
    }
    int from = blanksFrom(website, 0, website.length());
    int to = blanksTo(website, from, website.length());
    if (!RegionTable.foldable(website, from, to)) {
      return GENERAL_PATH;
    }
    int scheme = website.indexOf("://", from);
    if (scheme >= 0 && scheme + 3 <= to) {
      from = scheme + 3;
    }
    int end = to;
    for (int i = from; i < to; i++) {
      char c = website.charAt(i);
      if (c == '/' || c == '?' || c == '#') {
        end = i;
        break;
      }
    }
    for (int i = end - 1; i >= from; i--) {
      if (website.charAt(i) == '@') {
        from = i + 1;
        break;
      }
    }
    for (int i = from; i < end; i++) {
      if (website.charAt(i) == ':') {
        end = i;
        break;
      }
    }
    for (int pass = 0; pass < 2; pass++) {
      // Once as the website is read (Codes.domain), once as a host is (domainKey).
      if (end > from && website.charAt(end - 1) == '.') {
        end--;
      }
      if (end - from >= 4 && website.regionMatches(true, from, "www.", 0, 4)) {
        from += 4;
      }
      if (pass == 0 && end <= from) {
        return null;
      }
    }
    return suffixKey(website, from, end);
  }

  /** {@link #websiteKey} for tests, as {@link #emailKeyForTest}. */
  @Nullable String websiteKeyForTest(String website) {
    String k = websiteKey(website);
    return k == GENERAL_PATH ? "(general path)" : k;
  }

  static @Nullable String emailHost(@Nullable String email) {
    int from = hostStart(email);
    return from < 0 ? null : email.substring(from).trim().toLowerCase(Locale.ROOT);
  }

  /** Where the host of {@code email} starts (after its last {@code @}), or -1 if it has none. */
  private static int hostStart(@Nullable String email) {
    int at = email == null ? -1 : email.lastIndexOf('@');
    return at < 0 || at == email.length() - 1 ? -1 : at + 1;
  }

  /** The host a lead's website names, as accounts keep their domains ({@link io.smartrouting.api.Codes#domain}). */
  static @Nullable String websiteHost(@Nullable String website) {
    if (website == null) {
      return null;
    }
    try {
      return io.smartrouting.api.Codes.domain(website);
    } catch (IllegalArgumentException noHost) {
      return null;
    }
  }

  /**
   * The company key of {@code lead} ({@link KeyHash#company}): the registrable domain of its e-mail address, or of
   * its website when the address is missing, at a free-mail domain or not at a domain; 0 when neither names one. Whether
   * the domain is an account's does not matter: a company nobody works as an account is still one company.
   */
  public long companyKey(Lead lead) {
    long byEmail = emailCompanyKey(lead.email());
    return byEmail != 0 ? byEmail : hostCompanyKey(websiteHost(lead.website()));
  }

  /**
   * The key of the lead's company by its name ({@link #normaliseCompanyName}: {@code ACME, Inc.} and {@code Acme}
   * are one), distinct from every domain's and contact's; 0 without a name, or for a name that names no company
   * ({@code N/A}, {@code Self-employed}, {@code Freelance}, a single character or only digits). For a lead whose
   * domain names no company (free mail), the only way to find its colleagues.
   */
  public long companyNameKey(Lead lead) {
    String name = lead.companyName();
    if (name == null) {
      return 0;
    }
    String key = normaliseCompanyName(name);
    if (key.length() < 2 || NoCompany.NAMES.contains(key) || key.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return 0;
    }
    long h = KeyHash.of(0x510e527fade682d1L, key);
    return h == 0 ? 1 : h;
  }

  /**
   * Names written where a form asks for a company and a person has none, as {@link #normaliseCompanyName} keeps them
   * (made on first use, after the class's own tables).
   */
  private static final class NoCompany {
    static final Set<String> NAMES = of("n/a", "na", "none", "no company", "-", "self", "self employed",
        "self-employed", "freelance", "freelancer", "independent", "personal", "private", "student", "test", "unknown",
        "home", "retired", "individual", "consultant", "me", "not applicable", "nil", "null", "company", "my company",
        "private person");

    private static Set<String> of(String... names) {
      java.util.Set<String> out = new java.util.HashSet<>();
      for (String n : names) {
        out.add(normaliseCompanyName(n));
      }
      return Set.copyOf(out);
    }
  }

  /** The company key of {@code host} (lower case), or 0 if it is no domain, or a free-mail one. */
  private long hostCompanyKey(@Nullable String host) {
    String domain = host == null ? null : registrableDomain(host);
    return domain == null || freeMail.contains(domain) || freeMail.contains(stripWww(host)) ? 0
        : KeyHash.company(domain);
  }

  /** An e-mail host (lower case, blanks left out) and its company key (0: none): one entry of {@link #companyMemo}. */
  private record CompanyMemo(String host, long key) {}

  /**
   * E-mail hosts seen lately and their company keys, each in one of two slots chosen by hashes of the host: finding
   * the registrable domain (Guava's public-suffix list) takes about a microsecond and a kilobyte, while a company that
   * writes again, the case {@code same-company} exists for, costs a hash and a compare here. Made on first use (a
   * router without such a step never asks). Racy by design: a slot holds one immutable entry, and a lost or torn
   * write only costs a recomputation.
   */
  private volatile CompanyMemo @Nullable [] companyMemo;
  /** Each slot's host hash, read first: a host not in the memo is told apart without reading the entry. */
  private volatile int @Nullable [] companyMemoHash;
  private static final int COMPANY_MEMO_SLOTS = 8192;

  /** The company key of an e-mail address's host ({@link #hostCompanyKey}), from {@link #companyMemo} when there. */
  private long emailCompanyKey(@Nullable String email) {
    int from = hostStart(email);
    if (from < 0) {
      return 0;
    }
    from = blanksFrom(email, from, email.length());
    int to = blanksTo(email, from, email.length());
    if (!RegionTable.foldable(email, from, to)) {
      return hostCompanyKey(emailHost(email));
    }
    CompanyMemo[] memo = companyMemo;
    int[] hashes = companyMemoHash;
    if (memo == null || hashes == null) {
      hashes = new int[COMPANY_MEMO_SLOTS];
      memo = new CompanyMemo[COMPANY_MEMO_SLOTS];
      companyMemoHash = hashes;
      companyMemo = memo;
    }
    int h = 0;
    for (int i = from; i < to; i++) {
      h = 31 * h + Character.toLowerCase(email.charAt(i));
    }
    int n = to - from;
    int first = (h ^ (h >>> 16)) & (COMPANY_MEMO_SLOTS - 1);
    int second = ((h * 0x9E3779B9) >>> 19) & (COMPANY_MEMO_SLOTS - 1);
    CompanyMemo hit = hashes[first] == h ? memo[first] : null;
    if (hit == null || hit.host.length() != n || !hit.host.regionMatches(true, 0, email, from, n)) {
      hit = hashes[second] == h ? memo[second] : null;
    }
    if (hit != null && hit.host.length() == n && hit.host.regionMatches(true, 0, email, from, n)) {
      return hit.key;
    }
    String host = email.substring(from, to).toLowerCase(Locale.ROOT);
    long key = hostCompanyKey(host);
    // An empty slot of the two, else one of them by a bit of the hash. Entry first, then its hash: a reader that sees
    // the new hash with the old entry only misses.
    int slot = memo[first] == null ? first : memo[second] == null ? second : (h & 0x100) == 0 ? first : second;
    memo[slot] = new CompanyMemo(host, key);
    hashes[slot] = h;
    return key;
  }

  /** The registrable domain (public suffix plus one label) of {@code host}, or null if it is not a domain. */
  public static @Nullable String registrableDomain(String host) {
    String h = host.trim().toLowerCase(Locale.ROOT);
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    if (h.startsWith("www.")) {
      h = h.substring(4);
    }
    InternetDomainName name;
    try {
      // One parse, not isValid's and then from's: each reads the whole name and its suffixes.
      name = InternetDomainName.from(h);
    } catch (IllegalArgumentException notADomain) {
      return null;
    }
    if (name.isUnderPublicSuffix()) {
      return name.topPrivateDomain().toString();
    }
    return name.hasPublicSuffix() ? null : h;
  }

  /**
   * Lower case, accents and punctuation removed, a leading "the" and legal-form suffixes dropped, spaces collapsed:
   * {@code The Acme Company} and {@code ACME, Inc.} are one name. A name in ASCII (most) is read in one pass; any
   * other goes through Unicode decomposition and the same steps as regular expressions ({@link #normaliseSlowly}),
   * which took about a microsecond a lead, as much as the rest of a decision. The two agree on every name
   * ({@code CompanyNameProperties}).
   */
  public static String normaliseCompanyName(String name) {
    int n = name.length();
    int ampersands = 0;
    for (int i = 0; i < n; i++) {
      char c = name.charAt(i);
      if (c >= 0x80) {
        return normaliseSlowly(name);
      }
      ampersands += c == '&' ? 1 : 0;
    }
    // Letters lower-cased, digits kept, '.' and '\'' dropped, '&' as the word "and", any other run one space.
    byte[] out = new byte[n + 4 * ampersands];
    int len = 0;
    boolean gap = false;
    for (int i = 0; i < n; i++) {
      char c = name.charAt(i);
      if (c == '.' || c == '\'') {
        continue;
      }
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + ('a' - 'A'));
      }
      boolean word = c >= 'a' && c <= 'z' || c >= '0' && c <= '9';
      if (!word && c != '&') {
        gap = true;
        continue;
      }
      if (gap && len > 0 || c == '&' && len > 0) {
        out[len++] = ' ';
      }
      gap = false;
      if (c == '&') {
        out[len++] = 'a';
        out[len++] = 'n';
        out[len++] = 'd';
        gap = true;
      } else {
        out[len++] = (byte) c;
      }
    }
    int from = 0;
    if (len > 4 && out[0] == 't' && out[1] == 'h' && out[2] == 'e' && out[3] == ' ') {
      from = 4;
    }
    for (int space = lastSpace(out, from, len); space >= 0 && isLegalSuffix(out, space + 1, len);
        space = lastSpace(out, from, len)) {
      len = space;
    }
    return new String(out, from, len - from, java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  private static int lastSpace(byte[] s, int from, int to) {
    for (int i = to - 1; i > from; i--) {
      if (s[i] == ' ') {
        return i;
      }
    }
    return -1;
  }

  /** {@link #LEGAL_SUFFIXES}, as bytes, for the one-pass reading. */
  private static final byte[][] LEGAL_SUFFIX_BYTES = LEGAL_SUFFIXES.stream()
      .map(x -> x.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)).toArray(byte[][]::new);

  /** Whether {@code s[from, to)} is a legal-form suffix, without making a string of it. */
  private static boolean isLegalSuffix(byte[] s, int from, int to) {
    for (byte[] suffix : LEGAL_SUFFIX_BYTES) {
      if (java.util.Arrays.equals(s, from, to, suffix, 0, suffix.length)) {
        return true;
      }
    }
    return false;
  }

  private static final java.util.regex.Pattern MARKS = java.util.regex.Pattern.compile("\\p{M}+");
  private static final java.util.regex.Pattern DROPPED = java.util.regex.Pattern.compile("[.'\u2019]");
  private static final java.util.regex.Pattern OTHERS = java.util.regex.Pattern.compile("[^\\p{L}\\p{N}]+");

  /** {@link #normaliseCompanyName} for any name: Unicode decomposition, then the steps as regular expressions. */
  static String normaliseSlowly(String name) {
    String s = MARKS.matcher(Normalizer.normalize(name, Normalizer.Form.NFKD)).replaceAll("");
    s = OTHERS.matcher(DROPPED.matcher(s).replaceAll("").toLowerCase(Locale.ROOT).replace("&", " and "))
        .replaceAll(" ").trim();
    if (s.isEmpty()) {
      return s;
    }
    List<String> words = new ArrayList<>(List.of(s.split(" ")));
    if (words.size() > 1 && words.get(0).equals("the")) {
      words.remove(0);
    }
    while (words.size() > 1 && LEGAL_SUFFIXES.contains(words.get(words.size() - 1))) {
      words.remove(words.size() - 1);
    }
    return String.join(" ", words);
  }
}
