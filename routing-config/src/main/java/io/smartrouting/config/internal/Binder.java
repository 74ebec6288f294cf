package io.smartrouting.config.internal;

import io.smartrouting.api.Account;
import io.smartrouting.api.AccountTier;
import io.smartrouting.api.Lead;
import io.smartrouting.api.LeadSource;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RepRole;
import io.smartrouting.api.Segment;
import io.smartrouting.api.Tier;
import io.smartrouting.api.WorkingHours;
import io.smartrouting.config.ConfigError;
import io.smartrouting.core.AfterHoursPolicy;
import io.smartrouting.core.ChainStep;
import io.smartrouting.core.ClassificationPolicy;
import io.smartrouting.core.EscalationPolicy;
import io.smartrouting.core.QueuePolicy;
import io.smartrouting.core.SlaClock;
import io.smartrouting.core.StrategyRegistry;
import io.smartrouting.core.UnknownStrategyException;
import io.smartrouting.core.expr.ExpressionException;
import io.smartrouting.core.expr.LeadCondition;
import io.smartrouting.core.expr.RepFilter;
import io.smartrouting.spi.StrategyConfig;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turns a document tree into the parts of a router, collecting every problem with its location instead of stopping
 * at the first. Not API.
 */
public final class Binder {

  /** What a document binds to; fields are null or empty when absent. */
  public static final class Result {
    public @Nullable String version;
    public @Nullable String description;
    public final List<Rep> reps = new ArrayList<>();
    public final List<Account> accounts = new ArrayList<>();
    public final List<ChainStep> chain = new ArrayList<>();
    public @Nullable ClassificationPolicy classification;
    public @Nullable Double capacityThreshold;
    /** {@code leads_without_region}: true for {@code any_region}, false for {@code country_only}, null unset. */
    public @Nullable Boolean regionlessReachRegions;
    public @Nullable Double maxOverride;
    /** {@code when_reps_leave}: where a rep's open leads go when a reload leaves it out; null: kept (the default). */
    public io.smartrouting.core.@Nullable OffboardPolicy whenRepsLeave;
    /** {@code when_accounts_move}: true (move_open_leads) hands a moved account's open leads to its new people. */
    public boolean moveLeadsWithAccounts;
    public boolean moveUncoveredLeads;
    /** {@code when_leads_qualify}: true (hand_off) hands a lead an SDR's update makes sales-qualified to the chain. */
    public boolean handOffQualifiedLeads;
    /** {@code when_leads_qualify: hand_off_within_team}: the hand-off looks among the SDR's team first. */
    public boolean handOffWithinTeam;
    /** {@code hand_over_when_away}: the shortest time off that hands a rep's open leads over; null: keep them. */
    public @Nullable Duration handOverWhenAway;
    /** {@code recycle_stalled_leads}: by tier, how long a contacted lead may go without progress; empty: off. */
    public final Map<Tier, Duration> recycleStalledLeads = new java.util.EnumMap<>(Tier.class);
    /** {@code outcome_window}: how long after routing a released lead's outcome counts; ZERO for off; null unset. */
    public @Nullable Duration outcomeWindow;
    /** {@code free_mail_domains}: domains added to the router's default free-mail list (lower case). */
    public final List<String> freeMailDomains = new ArrayList<>();
    /** {@code learning}: the learning policy; null when the document has no learning section (no learning). */
    public io.smartrouting.core.learning.@Nullable LearningPolicy learning;
    /** {@code learning.warm_start}: the file's name and content (closed outcomes to start the model with), or null. */
    public @Nullable String warmStartName;
    public @Nullable String warmStartContent;
    public final Map<Tier, Duration> sla = new EnumMap<>(Tier.class);
    public final Set<Tier> noSla = java.util.EnumSet.noneOf(Tier.class);
    public final Map<Tier, SlaClock> slaClocks = new EnumMap<>(Tier.class);
    public @Nullable EscalationPolicy escalation;
    public @Nullable AfterHoursPolicy afterHours;
    public @Nullable String fallbackQueue;
    public @Nullable Boolean managerFallback;
    public final List<QueuePolicy> queuePolicies = new ArrayList<>();
    /** The queues chain steps place leads in ({@code - queue: partners}). */
    public final Set<String> ruleQueues = new TreeSet<>();
    public final List<Scenario> scenarios = new ArrayList<>();
    /** {@code holidays}: each calendar's last date (of the calendars with at least one entry), by name. */
    public final Map<String, java.time.LocalDate> calendarEnds = new LinkedHashMap<>();
    /** {@code lead_sources}: a CRM's source values ({@link #sourceKey} form) to the lead source each stands for. */
    public final Map<String, LeadSource> leadSources = new LinkedHashMap<>();
    /** {@code experiment}: the A/B test the document declares, or null. */
    public @Nullable ExperimentBound experiment;
  }

  /**
   * One variant of the document's experiment: its name and share, its own chain (null: the document's) and its
   * learning ({@code learning} null and {@code learningOff} false: the document's).
   */
  public record VariantBound(String name, double share, @Nullable List<ChainStep> chain,
      io.smartrouting.core.learning.@Nullable LearningPolicy learning, boolean learningOff) {}

  /**
   * The document's {@code experiment}: its name, sticky key, variants (the first is the control) and how many routed
   * leads a process remembers ({@code remember_leads}, else the SDK's default).
   */
  public record ExperimentBound(String name, io.smartrouting.core.experiment.StickyKey stickyBy,
      List<VariantBound> variants, int rememberLeads) {}

  /**
   * A setting of {@code root} that is {@code keep} (the default, also when absent) or the one other choice
   * {@code move} (as {@link Names#constantKey} reads it): true for that choice; anything else is an error saying
   * {@code what}.
   */
  private boolean keepOr(Node root, String key, String move, String what) {
    return move.equals(keepOr(root, key, List.of(move), what));
  }

  /** {@link #keepOr(Node, String, String, String)} with several moves: the one chosen, else null (keep or an error). */
  private @Nullable String keepOr(Node root, String key, List<String> moves, String what) {
    Node node = root.get(key);
    if (node == null) {
      return null;
    }
    String how = text(node, key);
    if (how == null) {
      return null; // not text: said so once
    }
    String choice = Names.constantKey(how);
    if (moves.contains(choice)) {
      return choice;
    }
    if (!choice.equals("KEEP")) {
      error(node, key, what);
    }
    return null;
  }

  /** A named lead with what routing it should give: {@code rep}, {@code queue}, {@code decided_by}, {@code team}. */
  public record Scenario(String name, Lead lead, Map<String, String> expect, java.time.@Nullable Instant at,
      @Nullable String variant) {}

  private static final Set<String> TOP = keys("version", "description", "roster_file", "reps", "accounts_file",
      "accounts", "classification", "capacity_threshold", "max_override", "leads_without_region", "outcome_window",
      "lead_sources", "free_mail_domains", "learning", "chain", "sla", "escalation", "after_hours", "fallback",
      "queues", "scenarios", "holidays", "rep_defaults", "when_reps_leave", "when_accounts_move",
      "when_coverage_changes", "when_leads_qualify", "hand_over_when_away", "recycle_stalled_leads", "experiment");
  private static final Set<String> REP = keys("id", "name", "team", "role", "manager", "territories",
      "named_accounts", "industries", "segments", "languages", "time_zone", "working_hours", "holidays", "time_off",
      "capacity", "daily_cap", "weekly_cap", "monthly_cap", "weight", "response_minutes", "active", "skills",
      "attributes");
  /** The rep keys {@code rep_defaults} may set: every one but those that are each rep's own. */
  private static final Set<String> REP_DEFAULTS = keys("team", "role", "territories", "industries", "segments",
      "languages", "time_zone", "working_hours", "holidays", "capacity", "daily_cap", "weekly_cap", "monthly_cap",
      "weight", "response_minutes", "active");
  private static final Set<String> ACCOUNT = keys("id", "name", "domains", "owner", "team", "backup", "ae", "parent",
      "industry", "employees", "arr", "tier");
  private static final Set<String> CLASSIFICATION = keys("enterprise_employees", "enterprise_arr",
      "mid_market_employees", "tier2_icp", "default_segment", "executive_titles", "non_executive_titles");
  private static final Set<String> LEARNING = keys("prior_strength", "empirical_prior", "half_life_outcomes",
      "exploration_share", "min_outcomes_per_rep", "attribution_window", "attributed_leads", "warm_start");
  private static final Set<String> EXPERIMENT = keys("name", "sticky_by", "variants", "remember_leads");
  private static final Set<String> VARIANT = keys("name", "share", "chain", "learning");
  private static final Set<String> STEP = keys("strategy", "queue", "label", "tiers", "when", "reps", "config");
  private static final Set<String> SLA = keys("tier1", "tier2", "tier3");
  private static final Set<String> SLA_ENTRY = keys("within", "clock");
  private static final Set<String> ESCALATION = keys("max_reassignments", "notify_manager", "manager_first",
      "queue");
  private static final Set<String> AFTER_HOURS = keys("policy", "queue", "lead_hours", "holidays");
  private static final Set<String> FALLBACK = keys("queue", "manager");
  private static final Set<String> QUEUE = keys("name", "relax", "claim_window", "claimed_by");
  private static final Set<String> RELAX = keys("after", "drop");
  private static final Set<String> SCENARIO = keys("name", "lead", "expect", "at", "variant");
  private static final Set<String> LEAD = keys("id", "email", "company", "website", "country", "region",
      "postal_code", "industry",
      "employees", "arr", "language", "source", "title", "icp", "sales_qualified", "time_zone", "account",
      "attributes");
  private static final Set<String> EXPECT = keys("rep", "queue", "decided_by", "team");
  private static final Pattern FREE_MAIL_DOMAIN = Pattern.compile("[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?\\.[a-z0-9-]+");
  private static final Pattern TIER_NAME = Pattern.compile("(?i)(?:tier|t)?[\\s_-]*([123])");
  private static final Pattern DURATION = Pattern.compile(
      "(\\d+)\\s*(s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?)");

  /**
   * The keys each part of the document takes, by JSON-pointer-like location in the schema (for the test that keeps
   * the published schema and this binder in step).
   */
  public static Map<String, Set<String>> sections() {
    Map<String, Set<String>> m = new LinkedHashMap<>();
    m.put("", TOP);
    m.put("reps[]", REP);
    m.put("rep_defaults", REP_DEFAULTS);
    m.put("accounts[]", ACCOUNT);
    m.put("classification", CLASSIFICATION);
    m.put("learning", LEARNING);
    m.put("chain[]", STEP);
    m.put("experiment", EXPERIMENT);
    m.put("experiment.variants[]", VARIANT);
    m.put("sla", SLA);
    m.put("escalation", ESCALATION);
    m.put("after_hours", AFTER_HOURS);
    m.put("fallback", FALLBACK);
    m.put("queues[]", QUEUE);
    m.put("queues[].relax[]", RELAX);
    m.put("scenarios[]", SCENARIO);
    m.put("scenarios[].lead", LEAD);
    m.put("scenarios[].expect", EXPECT);
    return m;
  }

  private final String file;
  private final String source;
  private final StrategyRegistry registry;
  private final java.util.function.Function<String, String> files;
  private final List<ConfigError> errors = new ArrayList<>();
  private final Result out = new Result();

  public Binder(String file, String source, StrategyRegistry registry) {
    this(file, source, registry, name -> {
      throw new java.io.UncheckedIOException(new java.io.IOException("files are not read here"));
    });
  }

  /**
   * A binder that reads the files a document names ({@code roster_file}, {@code accounts_file}) with {@code files}
   * (a name as written to the file's content; an {@link java.io.UncheckedIOException} when it cannot be read).
   */
  public Binder(String file, String source, StrategyRegistry registry,
      java.util.function.Function<String, String> files) {
    this.file = file;
    this.source = source;
    this.registry = registry;
    this.files = files;
  }

  public List<ConfigError> errors() {
    return errors;
  }

  /** CRM source values and the lead source each stands for, used when reading leads ({@link Result#leadSources}). */
  private Map<String, LeadSource> leadSources = Map.of();

  /** Reads leads' sources through {@code sources} ({@link #sourceKey} keys) before the constants' own names. */
  public Binder leadSources(Map<String, LeadSource> sources) {
    this.leadSources = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sources)); // the document's order
    return this;
  }

  /**
   * The lead source {@code written} stands for: {@code sources} first ({@link #sourceKey} keys, a configuration's
   * {@code lead_sources}), then a source's own name in any case, with spaces or hyphens; null if neither.
   */
  public static @Nullable LeadSource leadSource(String written, Map<String, LeadSource> sources) {
    LeadSource mapped = sources.get(sourceKey(written));
    return mapped != null ? mapped : Names.constant(LeadSource.class, written);
  }

  /**
   * Why {@code written} is no lead source ({@link #leadSource} gave null): the sources, a likely one, and where a
   * CRM's own values are named.
   *
   * @param withValue whether the message ends with the value ("but was ..."), where the error does not show it
   */
  public static String unknownSource(String written, Map<String, LeadSource> sources, boolean withValue) {
    String problem = Names.noConstant(LeadSource.class, written, withValue);
    return problem + (problem.contains("did you mean") ? ""
        : sources.isEmpty() ? "; a configuration's lead_sources can name what a CRM's own values stand for"
        : "; nor is it one of the configuration's lead_sources " + sources.keySet());
  }

  /** A CRM source value as {@code lead_sources} are keyed: case, spaces, hyphens and underscores do not matter. */
  public static String sourceKey(String value) {
    return value.trim().toLowerCase(java.util.Locale.ROOT).replaceAll("[\\s_-]+", " ");
  }

  public Result bind(Node root) {
    if (!map(root, "")) {
      return out;
    }
    unknownKeys(root, "", TOP);
    Node v = root.get("version");
    if (v != null) {
      out.version = v.kind == Node.Kind.SCALAR && v.value != null ? String.valueOf(v.value) : null;
      if (out.version == null) {
        error(v, "version", "version must be a string or a number");
      }
    }
    out.description = optText(root, "description", "description");
    // Before any lead is read (the scenarios'), since their sources may be the CRM's.
    Node sources = root.get("lead_sources");
    if (sources != null && map(sources, "lead_sources")) {
      for (Map.Entry<String, Node> e : sources.entries().entrySet()) {
        String p = "lead_sources." + e.getKey();
        if (e.getKey().isBlank()) {
          error(e.getValue(), p, "a lead source's name must not be blank: write the CRM's value, such as 'Webinar'");
          continue;
        }
        String target = text(e.getValue(), p);
        LeadSource s = target == null ? null : enumValue(LeadSource.class, target, e.getValue(), p);
        if (s != null) {
          out.leadSources.put(sourceKey(e.getKey()), s);
        }
      }
    }
    leadSources(out.leadSources);
    // Before the reps, which name them.
    calendars(root.get("holidays"));
    Node defaults = repDefaults(root.get("rep_defaults"));
    Map<String, String> defaultCells = defaults == null ? Map.of() : cells(defaults);
    Map<String, Node> repAt = new LinkedHashMap<>();
    Node rosterFile = root.get("roster_file");
    if (rosterFile != null) {
      for (Rep r : csvFile(rosterFile, "roster_file",
          (reader, src) -> io.smartrouting.config.RosterFiles.reps(reader, src, calendars, defaultCells))) {
        if (repAt.containsKey(r.id())) {
          error(rosterFile, "roster_file", "duplicate rep id '" + r.id() + "' in the file");
        } else {
          repAt.put(r.id(), rosterFile);
          out.reps.add(r);
        }
      }
    }
    each(root.get("reps"), "reps", (n, p) -> {
      Rep r = rep(defaults != null && n.kind == Node.Kind.MAP ? Node.withDefaults(n, defaults) : n, p);
      // The id as written, so that a repeated id is reported even when either rep has another error too.
      String id = r != null ? r.id() : writtenId(n);
      if (id != null && repAt.containsKey(id)) {
        error(n.get("id"), p + ".id", "duplicate rep id '" + id + "' (first at line " + repAt.get(id).line + ")");
      } else if (id != null) {
        repAt.put(id, n);
        if (r != null) {
          out.reps.add(r);
        }
      }
      return null;
    });
    if (root.get("reps") == null && rosterFile == null) {
      error(root, "reps", "a configuration needs reps: a list of the reps to route to (or a roster_file)");
    }
    // Accounts exported from a CRM name their owners as people: a rep's name names the rep when no other has it.
    for (Rep r : out.reps) {
      if (r.name() != null && !r.name().isBlank()) {
        repsByName.computeIfAbsent(personKey(r.name()), k -> new ArrayList<>()).add(r.id());
      }
    }
    Set<String> knownIds = repAt.keySet();
    java.util.function.UnaryOperator<String> byName = ref -> resolveRep(ref, knownIds);
    Map<String, Node> accountAt = new LinkedHashMap<>();
    Node accountsFile = root.get("accounts_file");
    if (accountsFile != null) {
      for (Account a : csvFile(accountsFile, "accounts_file",
          (reader, src) -> io.smartrouting.config.RosterFiles.accounts(reader, src, byName))) {
        String missing = missingPerson(a, repAt.keySet());
        if (missing != null) {
          error(accountsFile, "accounts_file", "account '" + a.id() + "' names rep '" + missing
              + "', who is not in reps" + namedAlike(missing));
        }
        accountAt.put(a.id(), accountsFile);
        out.accounts.add(a);
      }
    }
    each(root.get("accounts"), "accounts", (n, p) -> {
      Account a = account(n, p, repAt.keySet());
      // The id as written, as for reps: an account with another error is still there for a repeated id and for its
      // children's parent, which would otherwise be told that no such account exists.
      String id = a != null ? a.id() : writtenId(n);
      if (id != null && accountAt.containsKey(id)) {
        error(n.get("id"), p + ".id", "duplicate account id '" + id + "' (first at line "
            + accountAt.get(id).line + ")");
      } else if (id != null) {
        accountAt.put(id, n);
        if (a != null) {
          out.accounts.add(a);
        }
      }
      return null;
    });
    checkParents(root.get("accounts"), accountAt.keySet());
    checkRepReferences(root.get("reps"), repAt.keySet());
    Node c = root.get("classification");
    if (c != null) {
      out.classification = classification(c, "classification");
    }
    out.capacityThreshold = optShare(root, "capacity_threshold", "capacity_threshold", 0, 1, false);
    String regionless = optText(root, "leads_without_region", "leads_without_region");
    if (regionless != null) {
      String key = Names.constantKey(regionless);
      if (key.equals("ANY_REGION") || key.equals("COUNTRY_ONLY")) {
        out.regionlessReachRegions = key.equals("ANY_REGION");
      } else {
        error(root.get("leads_without_region"), "leads_without_region", "must be any_region (a lead with a country"
            + " and no region may reach the reps of any region of its country) or country_only (the default)");
      }
    }
    out.maxOverride = optShare(root, "max_override", "max_override", 0, 10, true);
    Node leavingNode = root.get("when_reps_leave");
    String leaving = null;
    if (leavingNode != null && leavingNode.kind == Node.Kind.MAP) {
      // {queue: handover}, the same as 'queue: handover' (which unquoted is not valid YAML).
      unknownKeys(leavingNode, "when_reps_leave", Set.of("queue"));
      String queue = reqText(leavingNode, "queue", "when_reps_leave.queue");
      leaving = queue == null ? null : "queue:" + queue;
    } else if (leavingNode != null) {
      leaving = text(leavingNode, "when_reps_leave");
    }
    if (leaving != null) {
      int colon = leaving.indexOf(':');
      String key = Names.constantKey(colon < 0 ? leaving : leaving.substring(0, colon));
      String queue = colon < 0 ? "" : leaving.substring(colon + 1).trim();
      if (colon >= 0 ? !key.equals("QUEUE") || queue.isEmpty() : !Set.of("KEEP", "REROUTE", "ACCOUNT_BACKUP_FIRST")
          .contains(key)) {
        error(root.get("when_reps_leave"), "when_reps_leave", "must be keep (the default: a rep a reload leaves out"
            + " keeps its open leads), reroute, account_backup_first or queue:<name> (as Router.offboard moves them)");
      } else if (colon >= 0) {
        out.whenRepsLeave = io.smartrouting.core.OffboardPolicy.toQueue(queue);
      } else if (key.equals("REROUTE")) {
        out.whenRepsLeave = io.smartrouting.core.OffboardPolicy.reroute();
      } else if (key.equals("ACCOUNT_BACKUP_FIRST")) {
        out.whenRepsLeave = io.smartrouting.core.OffboardPolicy.accountBackupFirst();
      }
    }
    out.moveLeadsWithAccounts = keepOr(root, "when_accounts_move", "MOVE_OPEN_LEADS", "must be keep (the default:"
        + " the open leads of an account a reload gives to other reps stay with the reps working them) or"
        + " move_open_leads (as Router.moveAccountLeads hands them to the account's new people)");
    out.moveUncoveredLeads = keepOr(root, "when_coverage_changes", "MOVE_UNCOVERED_LEADS", "must be keep (the"
        + " default: a rep whose territories, segments or languages a reload changes keeps its open leads) or"
        + " move_uncovered_leads (its open leads it no longer covers, not yet in contact, are routed again)");
    String qualify = keepOr(root, "when_leads_qualify", List.of("HAND_OFF", "HAND_OFF_WITHIN_TEAM"), "must be keep"
        + " (the default: a lead that becomes sales-qualified stays with the rep holding it), hand_off (a lead an SDR"
        + " holds that becomes sales-qualified is routed again through the chain, never back to the SDR) or"
        + " hand_off_within_team (the same, among the reps of the SDR's team first)");
    out.handOffQualifiedLeads = qualify != null;
    out.handOffWithinTeam = "HAND_OFF_WITHIN_TEAM".equals(qualify);
    out.handOverWhenAway = topDurationOrOff(root, "hand_over_when_away");
    recycleStalledLeads(root.get("recycle_stalled_leads"));
    Node window = root.get("outcome_window");
    if (window != null) {
      if (Boolean.FALSE.equals(window.value) || window.value instanceof String off
          && (Names.constantKey(off).equals("OFF") || Names.constantKey(off).equals("NONE"))) {
        out.outcomeWindow = Duration.ZERO;
      } else {
        out.outcomeWindow = duration(window, "outcome_window");
      }
    }
    Node free = root.get("free_mail_domains");
    if (free != null) {
      List<Node> items = free.kind == Node.Kind.LIST ? free.items() : List.of(free);
      for (int i = 0; i < items.size(); i++) {
        Node item = items.get(i);
        String written = item.kind == Node.Kind.SCALAR && item.value instanceof String text ? text : null;
        String d = written == null ? "" : written.strip().toLowerCase(java.util.Locale.ROOT);
        if (d.startsWith("@")) {
          d = d.substring(1);
        }
        if (!FREE_MAIL_DOMAIN.matcher(d).matches() || d.contains("..")) {
          error(item, free.kind == Node.Kind.LIST ? "free_mail_domains[" + i + "]" : "free_mail_domains",
              "must be a domain such as libero.it (free-mail domains added to the built-in list)");
        } else {
          out.freeMailDomains.add(d);
        }
      }
    }
    Node learning = root.get("learning");
    learningSection = learning != null;
    if (learning != null) {
      out.learning = learning(learning, "learning");
    }
    Node chain = root.get("chain");
    if (chain == null) {
      error(root, "chain", "a configuration needs a chain: the strategies to run, in order");
    } else {
      chain(chain, "chain", out.chain);
    }
    Node experiment = root.get("experiment");
    if (experiment != null) {
      experiment(experiment);
    }
    Node sla = root.get("sla");
    if (sla != null) {
      sla(sla);
    }
    Node esc = root.get("escalation");
    if (esc != null) {
      out.escalation = escalation(esc, "escalation");
    }
    Node ah = root.get("after_hours");
    if (ah != null) {
      out.afterHours = afterHours(ah, "after_hours");
    }
    Node fb = root.get("fallback");
    if (fb != null && map(fb, "fallback")) {
      unknownKeys(fb, "fallback", FALLBACK);
      out.fallbackQueue = optName(fb, "queue", "fallback.queue");
      out.managerFallback = optBool(fb, "manager", "fallback.manager");
    }
    queues(root.get("queues"));
    each(root.get("scenarios"), "scenarios", (n, p) -> {
      scenario(n, p, repAt.keySet());
      return null;
    });
    return out;
  }

  // ---- sections

  /** Reads a CSV file the document names; problems become errors at the file's name. */
  private <T> List<T> csvFile(Node n, String p, CsvReader<T> reader) {
    String name = text(n, p);
    if (name == null) {
      return List.of();
    }
    String content = fileText(n, p, name);
    if (content == null) {
      return List.of();
    }
    try {
      return reader.read(new java.io.StringReader(content), name);
    } catch (IllegalArgumentException e) {
      error(n, p, e.getMessage());
      return List.of();
    } catch (java.io.IOException e) {
      error(n, p, "cannot read '" + name + "': " + e.getMessage());
      return List.of();
    }
  }

  /** The text of the file {@code name} the document names at {@code n}; null (and an error there) if unreadable. */
  private @Nullable String fileText(Node n, String p, String name) {
    try {
      return files.apply(name);
    } catch (java.io.UncheckedIOException e) {
      error(n, p, "cannot read '" + name + "': " + (e.getCause() instanceof java.nio.file.NoSuchFileException
          ? "no such file" : e.getCause().getMessage()));
      return null;
    }
  }

  /** Reads one kind of CSV file. */
  @FunctionalInterface
  private interface CsvReader<T> {
    List<T> read(java.io.Reader reader, String source) throws java.io.IOException;
  }

  private static @Nullable String missingPerson(Account a, Set<String> repIds) {
    List<String> people = new ArrayList<>(a.teamRepIds());
    for (String id : new String[] {a.ownerRepId(), a.backupRepId(), a.aeRepId()}) {
      if (id != null) {
        people.add(id);
      }
    }
    for (String id : people) {
      if (!repIds.contains(id)) {
        return id;
      }
    }
    return null;
  }

  private @Nullable Rep rep(Node n, String p) {
    if (!map(n, p)) {
      return null;
    }
    unknownKeys(n, p, REP);
    String id = reqName(n, "id", p + ".id");
    if (id == null) {
      return null;
    }
    Rep.Builder b = Rep.builder(id);
    int before = errors.size();
    b.name(optText(n, "name", p + ".name"));
    b.team(optName(n, "team", p + ".team"));
    String role = optText(n, "role", p + ".role");
    if (role != null) {
      RepRole r = enumValue(RepRole.class, role, n.get("role"), p + ".role");
      if (r != null) {
        b.role(r);
      }
    }
    b.managerId(optName(n, "manager", p + ".manager"));
    b.territories(codes(n, "territories", p, io.smartrouting.api.Codes::territory));
    b.namedAccounts(texts(n, "named_accounts", p));
    b.industries(texts(n, "industries", p));
    List<Segment> segs = new ArrayList<>();
    List<String> segNames = texts(n, "segments", p);
    Node segNode = n.get("segments");
    for (int i = 0; i < segNames.size(); i++) {
      boolean list = segNode != null && segNode.kind == Node.Kind.LIST && i < segNode.items().size();
      Segment seg = enumValue(Segment.class, segNames.get(i), list ? segNode.items().get(i) : segNode,
          list ? p + ".segments[" + i + "]" : p + ".segments");
      if (seg != null) {
        segs.add(seg);
      }
    }
    b.segments(segs);
    b.languages(codes(n, "languages", p, io.smartrouting.api.Codes::language));
    ZoneId zone = zone(n, "time_zone", p + ".time_zone");
    if (zone != null) {
      b.timeZone(zone);
    }
    Node wh = n.get("working_hours");
    WorkingHours hours = wh == null ? WorkingHours.ALWAYS : workingHours(wh, p + ".working_hours");
    if (hours != null && (wh != null || n.get("holidays") != null)) {
      b.workingHours(withHolidays(hours, n, p));
    }
    b.timeOff(timeOff(n, p, zone != null ? zone : java.time.ZoneOffset.UTC));
    Map<String, java.util.function.IntConsumer> counts = new LinkedHashMap<>();
    counts.put("capacity", b::capacity);
    counts.put("daily_cap", b::dailyCap);
    counts.put("weekly_cap", b::weeklyCap);
    counts.put("monthly_cap", b::monthlyCap);
    counts.forEach((key, set) -> {
      Long v = optLong(n, key, p + "." + key, 0, 1_000_000);
      if (v != null) {
        set.accept(v.intValue());
      }
    });
    Double weight = optNumber(n, "weight", p + ".weight", 0, 1_000_000, false);
    if (weight != null) {
      b.weight(weight);
    }
    Double resp = optNumber(n, "response_minutes", p + ".response_minutes", 0, 1_000_000, true);
    if (resp != null) {
      b.responseMinutes(resp);
    }
    Boolean active = optBool(n, "active", p + ".active");
    if (active != null) {
      b.active(active);
    }
    Node skills = n.get("skills");
    if (skills != null && map(skills, p + ".skills")) {
      for (Map.Entry<String, Node> e : skills.entries().entrySet()) {
        Long level = longValue(e.getValue(), p + ".skills." + e.getKey(), 1, 10);
        if (level != null) {
          b.skill(e.getKey(), level.intValue());
        }
      }
    }
    Map<String, String> attrs = stringMap(n.get("attributes"), p + ".attributes");
    b.attributes(attrs);
    return built(before, n, p, b::build);
  }

  private @Nullable Account account(Node n, String p, Set<String> repIds) {
    if (!map(n, p)) {
      return null;
    }
    unknownKeys(n, p, ACCOUNT);
    String id = reqName(n, "id", p + ".id");
    if (id == null) {
      return null;
    }
    int before = errors.size();
    Account.Builder b = Account.builder(id);
    String name = reqText(n, "name", p + ".name");
    if (name != null) {
      b.name(name);
    }
    List<String> domains = texts(n, "domains", p);
    Node domainsNode = n.get("domains");
    List<Node> domainNodes = domainsNode == null ? List.of()
        : domainsNode.kind == Node.Kind.LIST ? domainsNode.items() : List.of(domainsNode);
    for (int i = 0; i < domainNodes.size(); i++) {
      Node dn = domainNodes.get(i);
      String d = dn.kind == Node.Kind.SCALAR && dn.value instanceof String ? (String) dn.value : null;
      if (d != null && !d.isBlank() && !accountDomain(d)) {
        // Where it is written, not as the router's refusal of the whole document at its first line.
        error(dn, p + ".domains" + (domainsNode.kind == Node.Kind.LIST ? "[" + i + "]" : ""), notADomain(d));
      }
    }
    b.domains(domains);
    b.ownerRepId(repRef(n, "owner", p + ".owner", repIds));
    List<String> team = new ArrayList<>();
    for (String member : texts(n, "team", p)) {
      team.add(resolveRep(member, repIds));
    }
    for (int i = 0; i < team.size(); i++) {
      if (!repIds.contains(team.get(i))) {
        Node teamNode = n.get("team");
        error(teamNode.kind == Node.Kind.LIST ? teamNode.items().get(i) : teamNode, p + ".team[" + i + "]",
            noRep(team.get(i), repIds));
      }
    }
    b.teamRepIds(team);
    b.backupRepId(repRef(n, "backup", p + ".backup", repIds));
    b.aeRepId(repRef(n, "ae", p + ".ae", repIds));
    String parent = optName(n, "parent", p + ".parent");
    if (!id.equals(parent)) { // its own parent: one error, at the parent (checkParents), not a second from build()
      b.parentAccountId(parent);
    }
    b.industry(optText(n, "industry", p + ".industry"));
    Long emp = optLong(n, "employees", p + ".employees", 0, Integer.MAX_VALUE);
    if (emp != null) {
      b.employees(emp.intValue());
    }
    Double arr = amount(n, "arr", p + ".arr");
    if (arr != null) {
      b.annualRecurringRevenue(Math.round(arr)); // an amount with cents, as CRMs export it
    }
    String tier = optText(n, "tier", p + ".tier");
    if (tier != null) {
      AccountTier t = enumValue(AccountTier.class, tier, n.get("tier"), p + ".tier");
      if (t != null) {
        b.tier(t);
      }
    }
    return built(before, n, p, b::build);
  }

  /**
   * Whether domain {@code d}, as an account's builder reads it (a website's address is its host), is one the router
   * takes; true when the builder refuses it, which reports that itself.
   */
  private static boolean accountDomain(String d) {
    java.util.Set<String> read;
    try {
      read = Account.builder("check").name("check").domains(d).build().domains();
    } catch (IllegalArgumentException refused) {
      return true;
    }
    return read.stream().allMatch(io.smartrouting.core.AccountConflicts::isAccountDomain);
  }

  /** Why an account's domain {@code d} is refused, inline or in an accounts file. */
  public static String notADomain(String d) {
    return "'" + d + "' is not a company's domain: a public suffix such as co.uk or com alone, or text that is no"
        + " domain name, matches no lead (write the company's own, such as acme.co.uk)";
  }

  /** The {@code id} of a rep's or an account's entry as written, for an entry that could not be built. */
  private static @Nullable String writtenId(Node n) {
    Node idNode = n.kind == Node.Kind.MAP ? n.get("id") : null;
    return idNode != null && idNode.kind == Node.Kind.SCALAR && idNode.value != null
        ? String.valueOf(idNode.value).trim() : null;
  }

  private void checkParents(@Nullable Node accounts, Set<String> accountIds) {
    if (accounts == null || accounts.kind != Node.Kind.LIST) {
      return;
    }
    Map<String, String> parentOf = new HashMap<>();
    for (Node a : accounts.items()) {
      String id = writtenId(a);
      Node parent = a.kind == Node.Kind.MAP ? a.get("parent") : null;
      if (id != null && parent != null && parent.value instanceof String) {
        parentOf.putIfAbsent(id, ((String) parent.value).trim());
      }
    }
    for (int i = 0; i < accounts.items().size(); i++) {
      Node a = accounts.items().get(i);
      Node parent = a.kind == Node.Kind.MAP ? a.get("parent") : null;
      if (parent != null && parent.value instanceof String && !accountIds.contains((String) parent.value)) {
        error(parent, "accounts[" + i + "].parent", "no account with id '" + parent.value + "' in accounts");
      } else if (parent != null && parent.value instanceof String && writtenId(a) != null) {
        // Parents that lead back to the account: each of the cycle's accounts is told, at its own parent. (An entry
        // without an id is told that at its id.)
        String self = writtenId(a);
        List<String> chain = new ArrayList<>(List.of(self));
        for (String cur = parentOf.get(self); cur != null && chain.size() <= parentOf.size(); cur = parentOf.get(cur)) {
          chain.add(cur);
          if (cur.equals(self)) {
            error(parent, "accounts[" + i + "].parent", chain.size() == 2 ? "an account cannot be its own parent"
                : "the parents lead back to the account, " + String.join(" -> ", chain) + ": an account cannot be"
                + " its own ancestor");
            break;
          }
        }
      }
    }
  }

  /**
   * The reps an inline rep names: its manager, and who covers each of its time off periods (a {@code (cover: id)} at
   * its end), another rep of the roster.
   */
  private void checkRepReferences(@Nullable Node reps, Set<String> repIds) {
    if (reps == null || reps.kind != Node.Kind.LIST) {
      return;
    }
    for (int i = 0; i < reps.items().size(); i++) {
      Node r = reps.items().get(i);
      if (r.kind != Node.Kind.MAP) {
        continue;
      }
      Node m = r.get("manager");
      if (m != null && m.value instanceof String && !repIds.contains((String) m.value)) {
        error(m, "reps[" + i + "].manager", noRep((String) m.value, repIds));
      }
      Node off = r.get("time_off");
      List<Node> periods = off == null ? List.of() : off.kind == Node.Kind.LIST ? off.items() : List.of(off);
      for (int j = 0; j < periods.size(); j++) {
        String cover = periods.get(j).value instanceof String t ? TimeOffs.coverOf(t) : null;
        String ip = "reps[" + i + "].time_off" + (off.kind == Node.Kind.LIST ? "[" + j + "]" : "");
        Node id = r.get("id");
        if (cover != null && id != null && cover.equals(id.value)) {
          error(periods.get(j), ip, "a rep cannot cover its own time off (cover '" + cover + "')");
        } else if (cover != null && !repIds.contains(cover)) {
          error(periods.get(j), ip, "cover: " + noRep(cover, repIds));
        }
      }
    }
  }

  private @Nullable ClassificationPolicy classification(Node n, String p) {
    if (!map(n, p)) {
      return null;
    }
    unknownKeys(n, p, CLASSIFICATION);
    ClassificationPolicy.Builder b = ClassificationPolicy.builder();
    int before = errors.size();
    Long ee = optLong(n, "enterprise_employees", p + ".enterprise_employees", 1, Integer.MAX_VALUE);
    if (ee != null) {
      b.enterpriseEmployees(ee.intValue());
    }
    Long ea = optLong(n, "enterprise_arr", p + ".enterprise_arr", 1, Long.MAX_VALUE);
    if (ea != null) {
      b.enterpriseArr(ea);
    }
    Long mm = optLong(n, "mid_market_employees", p + ".mid_market_employees", 1, Integer.MAX_VALUE);
    int enterprise = ee != null ? ee.intValue() : ClassificationPolicy.defaults().enterpriseEmployees();
    if (mm != null && mm > enterprise) {
      // In the document's words, at the value, not the builder's field names at the whole section.
      error(n.get("mid_market_employees"), p + ".mid_market_employees", "must not exceed enterprise_employees ("
          + enterprise + (ee == null ? ", the default" : "") + "): a company is mid-market from mid_market_employees"
          + " and enterprise from enterprise_employees");
    } else if (mm != null) {
      b.midMarketEmployees(mm.intValue());
    }
    Long icp = optLong(n, "tier2_icp", p + ".tier2_icp", 0, 100);
    if (icp != null) {
      b.tier2IcpScore(icp.intValue());
    }
    String seg = optText(n, "default_segment", p + ".default_segment");
    if (seg != null) {
      Segment s = enumValue(Segment.class, seg, n.get("default_segment"), p + ".default_segment");
      if (s != null) {
        b.defaultSegment(s);
      }
    }
    if (n.get("executive_titles") != null) {
      b.executiveTitles(patterns(n, "executive_titles", p));
    }
    if (n.get("non_executive_titles") != null) {
      b.nonExecutiveTitles(patterns(n, "non_executive_titles", p));
    }
    return built(before, n, p, b::build);
  }

  /** Gives {@code value} to {@code setter} when the document set it (not null). */
  private static <T> void ifSet(@Nullable T value, java.util.function.Consumer<T> setter) {
    if (value != null) {
      setter.accept(value);
    }
  }

  /** Whether the document has a {@code learning} section (valid or not). */
  private boolean learningSection;

  /** Problems of a warm-start file reported one by one, at most; the rest are counted. */
  private static final int WARM_START_PROBLEMS = 20;

  private io.smartrouting.core.learning.@Nullable LearningPolicy learning(Node n, String p) {
    return learning(n, p, true);
  }

  /** A learning section; its {@code warm_start} is read only when {@code warm} (a variant's is an error instead). */
  private io.smartrouting.core.learning.@Nullable LearningPolicy learning(Node n, String p, boolean warm) {
    if (n.kind != Node.Kind.MAP) {
      error(n, p, "learning must be a map of settings; 'learning: {}' turns learning on with the defaults");
      return null;
    }
    unknownKeys(n, p, LEARNING);
    io.smartrouting.core.learning.LearningPolicy.Builder b = io.smartrouting.core.learning.LearningPolicy.builder();
    int before = errors.size();
    ifSet(optNumber(n, "prior_strength", p + ".prior_strength", 0, 1e6, false), b::priorStrength);
    ifSet(optBool(n, "empirical_prior", p + ".empirical_prior"), b::empiricalPrior);
    Long halfLife = optLong(n, "half_life_outcomes", p + ".half_life_outcomes", 0, Long.MAX_VALUE);
    if (halfLife != null && halfLife > 0 && halfLife < 10) {
      error(n.get("half_life_outcomes"), p + ".half_life_outcomes",
          "half_life_outcomes must be 0 (counts never fade) or at least 10 but was " + halfLife);
    } else {
      ifSet(halfLife, b::halfLifeOutcomes);
    }
    ifSet(optShare(n, "exploration_share", p + ".exploration_share", 0, 1, true), b::explorationShare);
    ifSet(optLong(n, "min_outcomes_per_rep", p + ".min_outcomes_per_rep", 0, Integer.MAX_VALUE),
        floor -> b.minOutcomesPerRep(floor.intValue()));
    Duration window = n.get("attribution_window") == null ? null
        : duration(n.get("attribution_window"), p + ".attribution_window");
    Long leads = optLong(n, "attributed_leads", p + ".attributed_leads", 1, Long.MAX_VALUE);
    if (window != null || leads != null) {
      io.smartrouting.core.learning.LearningPolicy defaults = io.smartrouting.core.learning.LearningPolicy.defaults();
      b.attribution(window != null ? window : defaults.attributionWindow(),
          leads != null ? leads : defaults.maxAttributedLeads());
    }
    io.smartrouting.core.learning.LearningPolicy policy = built(before, n, p, b::build);
    Node warmStart = n.get("warm_start");
    if (policy != null && warmStart != null && warm) {
      warmStart(warmStart, p + ".warm_start", policy);
    }
    return policy;
  }

  /** Reads {@code learning.warm_start} into a model as the router will; every skipped row is an error. */
  private void warmStart(Node n, String p, io.smartrouting.core.learning.LearningPolicy policy) {
    String name = text(n, p);
    if (name == null) {
      return;
    }
    String content = fileText(n, p, name);
    if (content == null) {
      return;
    }
    io.smartrouting.core.learning.WarmStartReport report;
    try {
      report = new io.smartrouting.core.learning.ConversionModel(policy).warmStart(
          new java.io.StringReader(content), name,
          out.classification != null ? out.classification : ClassificationPolicy.defaults());
    } catch (IllegalArgumentException | java.io.IOException e) {
      error(n, p, name + ": " + e.getMessage());
      return;
    }
    List<io.smartrouting.core.learning.WarmStartReport.Problem> problems = report.problems();
    for (int i = 0; i < Math.min(problems.size(), WARM_START_PROBLEMS); i++) {
      error(n, p, name + ", " + problems.get(i));
    }
    if (problems.size() > WARM_START_PROBLEMS) {
      error(n, p, name + ": " + (problems.size() - WARM_START_PROBLEMS) + " more rows with problems");
    }
    if (problems.isEmpty() && report.loaded() == 0) {
      error(n, p, name + " has no closed outcomes (a header with rep, outcome, and segment or employees/arr, then a"
          + " row per closed deal)");
    }
    if (problems.isEmpty() && report.loaded() > 0) {
      out.warmStartName = name;
      out.warmStartContent = content;
    }
  }

  /** The steps of {@code chain} (a list at {@code p}) into {@code into}; every problem is an error. */
  private void chain(Node chain, String p, List<ChainStep> into) {
    java.util.Map<String, String> labelled = new java.util.HashMap<>();
    each(chain, p, (n, at) -> {
      ChainStep s = step(n, at);
      if (s != null) {
        // Traces, records and metrics name a step by its label: two alike would be told apart by no one.
        String first = labelled.putIfAbsent(s.label(), at);
        if (first != null) {
          boolean own = n.get("label") != null;
          error(own ? n.get("label") : n.get("strategy"), at + (own ? ".label" : ".strategy"), "'" + s.label()
              + "' is also the label of " + first + "; explanations and metrics name steps by their labels, so"
              + " give this one a label of its own (label: " + s.label() + "-" + (labelled.size() + 1) + ")");
        } else {
          into.add(s);
        }
      }
      return null;
    });
    if (chain.kind == Node.Kind.LIST && chain.items().isEmpty()) {
      error(chain, p, "the chain must have at least one step");
    }
  }

  /**
   * {@code experiment}: a name, {@code sticky_by} (lead_id or account), optionally {@code remember_leads} (at least
   * 1) and at least two variants, each a name, a share and optionally a chain and a learning setting of its own.
   */
  private void experiment(Node n) {
    String p = "experiment";
    if (!map(n, p)) {
      return;
    }
    unknownKeys(n, p, EXPERIMENT);
    int before = errors.size();
    String name = reqName(n, "name", p + ".name");
    io.smartrouting.core.experiment.StickyKey sticky = io.smartrouting.core.experiment.StickyKey.LEAD_ID;
    String stickyText = optName(n, "sticky_by", p + ".sticky_by");
    if (stickyText != null) {
      io.smartrouting.core.experiment.StickyKey k =
          enumValue(io.smartrouting.core.experiment.StickyKey.class, stickyText, n.get("sticky_by"), p + ".sticky_by");
      if (k != null) {
        sticky = k;
      }
    }
    Long remember = optLong(n, "remember_leads", p + ".remember_leads", 1, Integer.MAX_VALUE);
    Node variants = n.get("variants");
    List<VariantBound> bound = new ArrayList<>();
    if (variants == null) {
      error(n, p + ".variants", "missing 'variants': at least two, the first the control the others are compared with"
          + " (a variant without a chain runs the document's)");
    } else {
      Map<String, String> names = new java.util.HashMap<>();
      each(variants, p + ".variants", (v, at) -> {
        VariantBound b = variant(v, at);
        if (b != null) {
          String first = names.putIfAbsent(b.name(), at);
          if (first != null) {
            error(v.get("name"), at + ".name", "'" + b.name() + "' is also the name of " + first
                + "; reports tell variants apart by name");
          } else {
            bound.add(b);
          }
        }
        return null;
      });
      if (variants.kind == Node.Kind.LIST && variants.items().size() < 2) {
        error(variants, p + ".variants", "an experiment needs at least two variants (the first is the control) but"
            + " has " + variants.items().size());
      }
    }
    if (errors.size() == before && name != null) {
      out.experiment = new ExperimentBound(name, sticky, List.copyOf(bound), remember == null
          ? io.smartrouting.core.experiment.Experiment.DEFAULT_REMEMBERED_LEADS : remember.intValue());
    }
  }

  private @Nullable VariantBound variant(Node v, String p) {
    if (!map(v, p)) {
      return null;
    }
    unknownKeys(v, p, VARIANT);
    int before = errors.size();
    String name = reqName(v, "name", p + ".name");
    Double share = null;
    if (v.get("share") == null) {
      error(v, p + ".share", "missing 'share': the variant's part of the leads (shares are relative: 50 and 50, or"
          + " 0.9 and 0.1)");
    } else {
      share = number(v.get("share"), p + ".share", 0, 1e9, false);
    }
    io.smartrouting.core.learning.LearningPolicy learning = null;
    boolean learningOff = false;
    Node l = v.get("learning");
    if (l != null && l.kind == Node.Kind.SCALAR && (Boolean.FALSE.equals(l.value) || l.value instanceof String t
        && Names.constantKey(t).equals("OFF"))) {
      learningOff = true;
    } else if (l != null && l.kind == Node.Kind.SCALAR) {
      error(l, p + ".learning", "a variant's learning is 'off' (this variant does not learn) or a map of learning"
          + " settings ('{}' for the defaults); without it the variant learns as the document says");
    } else if (l != null) {
      if (l.get("warm_start") != null) {
        error(l.get("warm_start"), p + ".learning.warm_start", "a variant takes no warm_start of its own: every"
            + " learning variant starts from the document's learning.warm_start");
      }
      learning = learning(l, p + ".learning", false);
    }
    List<ChainStep> steps = null;
    Node chain = v.get("chain");
    if (chain != null) {
      boolean documentLearns = learningSection;
      // The performance weight is checked against whether this variant learns.
      learningSection = learning != null || (!learningOff && documentLearns);
      steps = new ArrayList<>();
      chain(chain, p + ".chain", steps);
      learningSection = documentLearns;
    }
    if (learningOff && steps == null) {
      for (ChainStep step : out.chain) {
        String performance = step.config().get("weight.performance");
        if ("weighted".equals(step.strategyName()) && performance != null
            && CsvTable.NUMBER_TEXT.matcher(performance.trim()).matches() && Double.parseDouble(performance) > 0) {
          error(l, p + ".learning", "this variant does not learn, but it runs the document's chain, whose step '"
              + step.label() + "' weighs performance (" + performance + "), a factor that would score every rep alike"
              + " without learning: give the variant a chain of its own without that weight, or let it learn");
          break;
        }
      }
    }
    if (errors.size() > before || name == null || share == null) {
      return null;
    }
    return new VariantBound(name, share, steps == null ? null : List.copyOf(steps), learning, learningOff);
  }

  private @Nullable ChainStep step(Node n, String p) {
    if (!map(n, p)) {
      return null;
    }
    unknownKeys(n, p, STEP, "a strategy's own settings go under 'config:' (for example config: {weight: {territory: 0.4, ...}})");
    if (n.get("queue") != null) {
      return queueStep(n, p);
    }
    String name = reqName(n, "strategy", p + ".strategy");
    if (name == null) {
      return null;
    }
    int before = errors.size();
    Node config = n.get("config");
    Map<String, String> flat = new LinkedHashMap<>();
    Map<String, Node> at = new LinkedHashMap<>();
    if (config != null && map(config, p + ".config")) {
      flatten(config, "", flat, at, p + ".config");
    }
    StrategyConfig sc = StrategyConfig.of(flat);
    if (!registry.contains(name)) {
      String meant = registry.spelledAlike(name);
      if (meant == null) {
        meant = Names.closest(name, registry.names());
      }
      error(n.get("strategy"), p + ".strategy", "unknown strategy '" + name + "'"
          + (meant == null ? "" : "; did you mean '" + meant + "'?") + " Known: " + registry.names());
    } else if (errors.size() == before) {
      try {
        registry.create(name, sc);
      } catch (UnknownStrategyException e) {
        error(n.get("strategy"), p + ".strategy", e.getMessage());
      } catch (IllegalArgumentException e) {
        configError(e.getMessage(), config != null ? config : n, at, p + ".config");
      }
    }
    String performance = flat.get("weight.performance");
    if (errors.size() == before && name.equals("weighted") && performance != null && !learningSection
        && Double.parseDouble(performance) > 0) {
      error(at.get("weight.performance"), p + ".config.weight.performance", "weight.performance is " + performance
          + (p.startsWith("experiment.") ? ", but this variant does not learn, so the factor would score every rep"
              + " alike: give the variant 'learning: {}' or learning settings, or leave the weight out"
              : ", but the document has no learning section, so the factor would score every rep alike: add"
              + " 'learning: {}' (the defaults) or learning settings, or leave the weight out"));
    }
    return conditions(n, p, ChainStep.of(name, sc), name, before);
  }

  /** A chain step that places the leads it runs for in a queue ({@code - queue: partners}). */
  private @Nullable ChainStep queueStep(Node n, String p) {
    int before = errors.size();
    for (String key : List.of("strategy", "config", "reps")) {
      if (n.get(key) != null) {
        error(n.get(key), p + "." + key, "a step either runs a strategy or places leads in a queue: a 'queue' step"
            + " takes no '" + key + "' (tiers, when and label it does take)");
      }
    }
    String queue = reqName(n, "queue", p + ".queue");
    if (queue == null || errors.size() > before) {
      return null;
    }
    out.ruleQueues.add(queue);
    return conditions(n, p, ChainStep.toQueue(queue), "queue", before);
  }

  /** {@code step} with the entry's label, tiers, when and reps; null if any of them (or anything since) failed. */
  private @Nullable ChainStep conditions(Node n, String p, ChainStep step, String name, int before) {
    String label = optName(n, "label", p + ".label");
    if (label != null) {
      step = step.named(label);
    }
    Node tiers = n.get("tiers");
    if (tiers != null) {
      List<Tier> ts = new ArrayList<>();
      List<Node> items = tiers.kind == Node.Kind.LIST ? tiers.items() : List.of(tiers);
      for (int i = 0; i < items.size(); i++) {
        Node item = items.get(i);
        // 1, or as the explanations and the API name it: TIER_1, tier1, Tier 1, T1.
        Matcher named = item.value instanceof String text ? TIER_NAME.matcher(text.trim()) : null;
        if (named != null && named.matches()) {
          ts.add(Tier.values()[Integer.parseInt(named.group(1)) - 1]);
          continue;
        }
        Long t = longValue(item, p + ".tiers[" + i + "]", 1, 3);
        if (t != null) {
          ts.add(Tier.values()[t.intValue() - 1]);
        }
      }
      if (items.isEmpty()) {
        error(tiers, p + ".tiers", "tiers must list at least one of 1, 2, 3 (leave it out for every tier)");
      } else if (name.equals("tier-fast-track") && !ts.isEmpty() && !ts.contains(Tier.TIER_1)) {
        error(tiers, p + ".tiers", "tier-fast-track decides Tier 1 leads and passes all others, so for these tiers it"
            + " would never decide: include tier 1, or use another strategy for them");
      } else if (!ts.isEmpty()) {
        step = step.onlyFor(ts.toArray(new Tier[0]));
      }
    }
    Node when = n.get("when");
    if (when != null) {
      String text = text(when, p + ".when");
      if (text != null) {
        try {
          step = step.when(LeadCondition.parse(text, out.leadSources)); // a CRM's own sources read as theirs
        } catch (ExpressionException e) {
          expressionError(when, p + ".when", e);
        }
      }
    }
    RepFilter reps = repFilter(n, "reps", p);
    if (reps != null) {
      step = step.reps(reps);
    }
    return errors.size() > before ? null : step;
  }

  /**
   * The rep filter under {@code key} of {@code n} ({@code reps}, {@code claimed_by}); null when there is none, or when
   * it is not valid (an error at its place then).
   */
  private @Nullable RepFilter repFilter(Node n, String key, String p) {
    Node node = n.get(key);
    String text = node == null ? null : text(node, p + "." + key);
    if (text == null) {
      return null;
    }
    try {
      return RepFilter.parse(text);
    } catch (ExpressionException e) {
      expressionError(node, p + "." + key, e);
      return null;
    }
  }

  /** Nested config maps become dotted keys ({@code weight: {industry: 0.2}} is {@code weight.industry=0.2}). */
  private void flatten(Node n, String prefix, Map<String, String> flat, Map<String, Node> at, String p) {
    for (Map.Entry<String, Node> e : n.entries().entrySet()) {
      String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      Node v = e.getValue();
      if (v.kind == Node.Kind.MAP) {
        at.put(key, v);
        flatten(v, key, flat, at, p);
      } else if (v.kind == Node.Kind.LIST || v.value == null) {
        error(v, p + "." + key, "a strategy setting must be a single value");
      } else {
        flat.put(key, String.valueOf(v.value));
        at.put(key, v);
      }
    }
  }

  /**
   * A provider rejected the config: point at the key its message names (the longest one), else the config. A list of
   * the keys it knows ({@code known: [...]}, after an unknown key) names every key, so only what comes before it is
   * read.
   */
  private void configError(String message, Node config, Map<String, Node> at, String p) {
    int known = message.indexOf("known: [");
    String problem = known < 0 ? message : message.substring(0, known);
    String best = null;
    for (String key : at.keySet()) {
      String last = key.substring(key.lastIndexOf('.') + 1);
      boolean named = problem.contains(key) || problem.contains("'" + last + "'");
      if (named && (best == null || key.length() > best.length())) {
        best = key;
      }
    }
    if (best != null) {
      Node n = at.get(best);
      error(n, p + "." + best, message);
    } else {
      error(config, p, message);
    }
  }

  /**
   * {@code recycle_stalled_leads}: one period for every tier ({@code 14 days}, or off), or one per tier
   * ({@code {tier1: 3 days, tier3: 30 days}}: a tier left out, or off, is not recycled).
   */
  private void recycleStalledLeads(@Nullable Node n) {
    if (n == null) {
      return;
    }
    if (n.kind != Node.Kind.MAP) {
      Duration all = durationOrOff(n, "recycle_stalled_leads");
      if (all != null) {
        for (Tier t : Tier.values()) {
          out.recycleStalledLeads.put(t, all);
        }
      }
      return;
    }
    unknownKeys(n, "recycle_stalled_leads", SLA);
    for (Tier t : Tier.values()) {
      String key = "tier" + t.number();
      Node v = n.get(key);
      Duration d = v == null ? null : durationOrOff(v, "recycle_stalled_leads." + key);
      if (d != null) {
        out.recycleStalledLeads.put(t, d);
      }
    }
  }

  private void sla(Node n) {
    if (!map(n, "sla")) {
      return;
    }
    unknownKeys(n, "sla", SLA);
    for (Tier t : Tier.values()) {
      String key = "tier" + t.number();
      Node v = n.get(key);
      if (v == null) {
        continue;
      }
      String p = "sla." + key;
      Node within = v;
      if (v.kind == Node.Kind.MAP) {
        unknownKeys(v, p, SLA_ENTRY);
        within = v.get("within");
        if (within == null) {
          error(v, p + ".within", "missing 'within': how long until first contact, e.g. 5m");
        }
        String clock = optText(v, "clock", p + ".clock");
        if (clock != null) {
          String c = clock.toLowerCase(Locale.ROOT);
          if (c.equals("business") || c.equals("business_hours")) {
            out.slaClocks.put(t, SlaClock.BUSINESS_HOURS);
          } else if (c.equals("wall") || c.equals("wall_clock")) {
            out.slaClocks.put(t, SlaClock.WALL_CLOCK);
          } else {
            error(v.get("clock"), p + ".clock", "clock must be 'business' or 'wall'");
          }
        }
      }
      if (within != null) {
        if (within.kind == Node.Kind.SCALAR && within.value instanceof String
            && ((String) within.value).equalsIgnoreCase("none")) {
          out.noSla.add(t);
        } else {
          Duration d = duration(within, v.kind == Node.Kind.MAP ? p + ".within" : p);
          if (d != null) {
            out.sla.put(t, d);
          }
        }
      }
    }
  }

  private @Nullable EscalationPolicy escalation(Node n, String p) {
    if (!map(n, p)) {
      return null;
    }
    unknownKeys(n, p, ESCALATION);
    EscalationPolicy e = EscalationPolicy.defaults();
    Long max = optLong(n, "max_reassignments", p + ".max_reassignments", 0, 100);
    if (max != null) {
      e = e.maxReassignments(max.intValue());
    }
    Boolean notify = optBool(n, "notify_manager", p + ".notify_manager");
    if (notify != null) {
      e = e.notifyManager(notify);
    }
    Boolean first = optBool(n, "manager_first", p + ".manager_first");
    if (first != null) {
      e = e.toManagerFirst(first);
    }
    String q = optName(n, "queue", p + ".queue");
    if (q != null) {
      e = e.escalationQueue(q);
    }
    return e;
  }

  private @Nullable AfterHoursPolicy afterHours(Node n, String p) {
    if (!map(n, p)) {
      return null;
    }
    unknownKeys(n, p, AFTER_HOURS);
    String policy = optText(n, "policy", p + ".policy");
    String queue = optName(n, "queue", p + ".queue");
    String q = queue != null ? queue : AfterHoursPolicy.DEFAULT_QUEUE;
    AfterHoursPolicy a;
    // Read as the other choices of a document are: any case, with hyphens, underscores or spaces.
    String key = policy == null ? null : Names.constantKey(policy);
    if (key == null || key.equals("NEXT_SHIFT")) {
      a = AfterHoursPolicy.nextShiftQueue(q);
    } else if (key.equals("FOLLOW_THE_SUN")) {
      a = AfterHoursPolicy.followTheSun(q);
    } else {
      error(n.get("policy"), p + ".policy", "policy must be 'next-shift' or 'follow-the-sun'");
      return null;
    }
    Node lh = n.get("lead_hours");
    if (lh == null && n.get("holidays") != null) {
      error(n.get("holidays"), p + ".holidays", "holidays of the lead's hours need lead_hours: the hours they take"
          + " days out of");
    }
    if (lh != null) {
      WorkingHours hours = workingHours(lh, p + ".lead_hours");
      if (hours != null) {
        a = a.leadHours(withHolidays(hours, n, p));
      }
    }
    return a;
  }

  private void queues(@Nullable Node n) {
    if (n == null) {
      return;
    }
    Set<String> used = new TreeSet<>();
    used.add(out.fallbackQueue != null ? out.fallbackQueue : io.smartrouting.core.Router.DEFAULT_FALLBACK_QUEUE);
    used.add(out.afterHours != null ? out.afterHours.queue() : AfterHoursPolicy.DEFAULT_QUEUE);
    used.addAll(out.ruleQueues);
    used.add(out.escalation != null ? out.escalation.escalationQueue()
        : EscalationPolicy.defaults().escalationQueue());
    Map<String, Node> queueAt = new HashMap<>();
    each(n, "queues", (q, p) -> {
      if (!map(q, p)) {
        return null;
      }
      unknownKeys(q, p, QUEUE);
      String name = reqName(q, "name", p + ".name");
      if (name == null) {
        return null;
      }
      Node first = queueAt.putIfAbsent(name, q);
      if (first != null) {
        // The second entry would silently replace the first's relax steps and claim rules.
        error(q.get("name"), p + ".name", "queue '" + name + "' is configured twice (first at line " + first.line
            + "): write its settings once");
        return null;
      }
      if (!used.contains(name)) {
        error(q.get("name"), p + ".name", "no queue '" + name + "' in this configuration; its queues: " + used);
        return null;
      }
      QueuePolicy policy = QueuePolicy.of(name);
      Node relax = q.get("relax");
      if (relax != null) {
        List<Node> items = relax.kind == Node.Kind.LIST ? relax.items() : List.of();
        if (relax.kind != Node.Kind.LIST) {
          error(relax, p + ".relax", "relax must be a list of {after, drop}");
        }
        for (int i = 0; i < items.size(); i++) {
          Node r = items.get(i);
          String rp = p + ".relax[" + i + "]";
          if (!map(r, rp)) {
            continue;
          }
          unknownKeys(r, rp, RELAX);
          Node after = r.get("after");
          // 0 relaxes from the start: a fallback pool, used only when the lead's own reps have no room.
          Duration d = after == null ? null : duration(after, rp + ".after", true);
          if (after == null) {
            error(r, rp + ".after", "missing 'after': how long a lead waits before this step, e.g. 15m");
          }
          String drop = reqText(r, "drop", rp + ".drop");
          QueuePolicy.Relaxation relaxation = null;
          if (drop != null) {
            switch (drop.toLowerCase(Locale.ROOT)) {
              case "segment":
                relaxation = QueuePolicy.Relaxation.ANY_SEGMENT;
                break;
              case "territory":
                relaxation = QueuePolicy.Relaxation.ANY_TERRITORY;
                break;
              case "language":
                relaxation = QueuePolicy.Relaxation.ANY_LANGUAGE;
                break;
              case "manager":
                relaxation = QueuePolicy.Relaxation.MANAGER;
                break;
              default:
                error(r.get("drop"), rp + ".drop", "drop must be 'segment', 'territory', 'language' or 'manager'");
            }
          }
          if (d != null && relaxation != null) {
            policy = policy.relaxAfter(d, relaxation);
          }
        }
      }
      Node window = q.get("claim_window");
      if (window != null) {
        Duration d = duration(window, p + ".claim_window");
        if (d != null) {
          policy = policy.claimWindow(d);
        }
      }
      RepFilter claimedBy = repFilter(q, "claimed_by", p);
      if (claimedBy != null) {
        policy = policy.claimedBy(claimedBy);
      }
      out.queuePolicies.add(policy);
      return null;
    });
  }

  private void scenario(Node n, String p, Set<String> repIds) {
    if (!map(n, p)) {
      return;
    }
    unknownKeys(n, p, SCENARIO);
    String name = reqText(n, "name", p + ".name");
    Node ln = n.get("lead");
    Lead lead = null;
    if (ln == null) {
      error(n, p + ".lead", "missing 'lead': the lead this scenario routes");
    } else {
      lead = lead(ln, p + ".lead", name == null ? "scenario" : name);
    }
    Map<String, String> expect = new LinkedHashMap<>();
    Node en = n.get("expect");
    if (en != null && map(en, p + ".expect")) {
      unknownKeys(en, p + ".expect", EXPECT);
      expect = stringMap(en, p + ".expect");
      String rep = expect.get("rep");
      if (rep != null && !repIds.contains(rep)) {
        error(en.get("rep"), p + ".expect.rep", noRep(rep, repIds));
      }
    }
    java.time.Instant at = null;
    String atText = optText(n, "at", p + ".at");
    if (atText != null) {
      try {
        at = java.time.Instant.parse(atText.trim());
      } catch (java.time.format.DateTimeParseException e) {
        error(n.get("at"), p + ".at", "'" + atText.trim() + "' is not an instant: write it as 2026-12-25T15:00:00Z");
      }
    }
    String variant = optName(n, "variant", p + ".variant");
    if (variant != null) {
      ExperimentBound e = out.experiment;
      List<String> names = e == null ? List.of() : e.variants().stream().map(VariantBound::name).toList();
      if (e == null) {
        // No experiment, or one with errors of its own (reported at it).
        error(n.get("variant"), p + ".variant", "the document declares no valid experiment, so there is no variant '"
            + variant + "' to route this scenario with");
        variant = null;
      } else if (!names.contains(variant)) {
        String meant = Names.closest(variant, names);
        error(n.get("variant"), p + ".variant", "experiment '" + e.name() + "' has no variant '" + variant + "'"
            + (meant == null ? "" : "; did you mean '" + meant + "'?") + " Variants: " + names);
        variant = null;
      }
    }
    if (name != null && lead != null) {
      out.scenarios.add(new Scenario(name, lead, Map.copyOf(expect), at, variant));
    }
  }

  /** A lead written in a document (scenarios; the CLI's JSON leads use the same keys). */
  public @Nullable Lead lead(Node n, String p, String defaultId) {
    return lead(n, p, defaultId, Set.of());
  }

  /** The keys of an open lead beside a lead's ({@link #openLead}). */
  public static final Set<String> OPEN_LEAD = keys("rep", "queue", "since", "contacted_at", "first_contact_deadline",
      "first_routed_at", "missed_deadlines", "earlier_holders");

  /**
   * A lead already open outside the router, as a file of open leads writes it (JSON): a lead's keys with {@code rep}
   * (on {@code repIds}) or {@code queue}, {@code since}, and optionally {@code contacted_at} and
   * {@code first_contact_deadline}; null, with the errors added, if anything is wrong.
   */
  public io.smartrouting.core.@Nullable ExistingLead openLead(Node n, String p, String defaultId,
      java.util.Collection<String> repIds) {
    if (!map(n, p)) {
      return null;
    }
    int before = errors.size();
    Lead lead = lead(n, p, defaultId, OPEN_LEAD);
    String rep = optName(n, "rep", p + ".rep");
    String queue = optName(n, "queue", p + ".queue");
    if (rep != null && !repIds.contains(rep)) {
      error(n.get("rep"), p + ".rep", OpenLeads.notOnRoster(rep, repIds));
    }
    if (rep == null && queue == null && n.get("rep") == null && n.get("queue") == null) {
      error(n, p, OpenLeads.NO_PLACE);
    }
    java.time.Instant since = instant(n, "since", p + ".since");
    if (since == null && n.get("since") == null) {
      error(n, p + ".since", "missing 'since': " + OpenLeads.SINCE);
    }
    java.time.Instant contactedAt = instant(n, "contacted_at", p + ".contacted_at");
    Boolean timed = checkbox(n, "first_contact_deadline", p + ".first_contact_deadline");
    java.time.Instant firstRoutedAt = instant(n, "first_routed_at", p + ".first_routed_at");
    Long missed = optLong(n, "missed_deadlines", p + ".missed_deadlines", 0, 1000);
    List<String> earlier = texts(n, "earlier_holders", p); // rep ids, oldest first
    if (lead == null || since == null) {
      return null;
    }
    return built(before, n, p, () -> new io.smartrouting.core.ExistingLead(lead, rep, queue, since, contactedAt,
        timed == null || timed, firstRoutedAt, missed == null ? 0 : missed.intValue(), earlier));
  }

  private java.time.@Nullable Instant instant(Node parent, String key, String p) {
    String text = optText(parent, key, p);
    if (text == null) {
      return null;
    }
    try {
      return OpenLeads.instant(text);
    } catch (IllegalArgumentException e) {
      error(parent.get(key), p, e.getMessage());
      return null;
    }
  }

  private @Nullable Lead lead(Node n, String p, String defaultId, Set<String> alsoKnown) {
    if (!map(n, p)) {
      return null;
    }
    int before = errors.size(); // an unknown key too leaves the lead out (a misspelt field would be lost)
    unknownLeadKeys(n, p, alsoKnown);
    String id = optName(n, "id", p + ".id");
    Lead.Builder b = Lead.builder(id != null ? id : defaultId);
    setText(n, "email", p, b::email);
    setText(n, "company", p, b::companyName);
    setText(n, "website", p, b::website);
    setText(n, "country", p, b::country);
    setText(n, "region", p, b::region);
    setText(n, "postal_code", p, b::postalCode);
    setText(n, "industry", p, b::industry);
    Long emp = optLong(n, "employees", p + ".employees", 0, Integer.MAX_VALUE);
    if (emp != null) {
      b.employees(emp.intValue());
    }
    Double arr = amount(n, "arr", p + ".arr");
    if (arr != null) {
      b.annualRecurringRevenue(Math.round(arr)); // an amount with cents, as CRMs export it
    }
    setText(n, "language", p, b::language);
    String source = optText(n, "source", p + ".source");
    if (source != null) {
      LeadSource s = leadSource(source, leadSources);
      if (s == null) {
        error(n.get("source"), p + ".source", unknownSource(source, leadSources, false));
      } else {
        b.source(s);
      }
    }
    setText(n, "title", p, b::title);
    Long icp = optLong(n, "icp", p + ".icp", 0, 100);
    if (icp != null) {
      b.icpScore(icp.intValue());
    }
    Boolean sq = checkbox(n, "sales_qualified", p + ".sales_qualified");
    if (sq != null) {
      b.salesQualified(sq);
    }
    ZoneId zone = zone(n, "time_zone", p + ".time_zone");
    if (zone != null) {
      b.timeZone(zone);
    }
    b.accountId(optName(n, "account", p + ".account"));
    for (Map.Entry<String, String> e : stringMap(n.get("attributes"), p + ".attributes").entrySet()) {
      b.attribute(e.getKey(), e.getValue());
    }
    return built(before, n, p, b::build);
  }

  // ---- values

  private @Nullable WorkingHours workingHours(Node n, String p) {
    List<Node> items = n.kind == Node.Kind.LIST ? n.items() : List.of(n);
    WorkingHours.Builder b = WorkingHours.builder();
    boolean ok = true;
    for (int i = 0; i < items.size(); i++) {
      String ip = n.kind == Node.Kind.LIST ? p + "[" + i + "]" : p;
      String s = text(items.get(i), ip);
      if (s == null) {
        ok = false;
        continue;
      }
      try {
        Shifts.add(s, b);
      } catch (IllegalArgumentException e) {
        error(items.get(i), ip, e.getMessage());
        ok = false;
      }
    }
    if (!ok) {
      return null;
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      error(n, p, e.getMessage());
      return null;
    }
  }

  /**
   * The {@code rep_defaults} section, checked once as a rep of its own (so that a bad default is one error, at its
   * place, not one per rep): null if absent or wrong, so that no rep takes a bad default.
   */
  private @Nullable Node repDefaults(@Nullable Node n) {
    if (n == null || !map(n, "rep_defaults")) {
      return null;
    }
    int before = errors.size();
    for (String key : n.entries().keySet()) {
      if (REP.contains(key) && !REP_DEFAULTS.contains(key)) {
        error(n.keyNode(key), "rep_defaults." + key, "'" + key + "' is each rep's own and takes no default;"
            + " defaults are for " + new TreeSet<>(REP_DEFAULTS));
      } else if (!REP.contains(key)) {
        String hint = Names.closest(key, REP_DEFAULTS);
        error(n.keyNode(key), "rep_defaults." + key, "unknown key '" + key + "'"
            + (hint != null ? "; did you mean '" + hint + "'?" : "") + " Known: " + new TreeSet<>(REP_DEFAULTS));
      }
    }
    if (errors.size() > before) {
      return null;
    }
    rep(Node.withText(n, "id", "rep_defaults"), "rep_defaults");
    return errors.size() > before ? null : n;
  }

  /** Defaults as a roster file's cells: text as written, lists joined by {@code ;}. */
  private static Map<String, String> cells(Node defaults) {
    Map<String, String> out = new LinkedHashMap<>();
    defaults.entries().forEach((key, v) -> {
      if (v.kind == Node.Kind.LIST) {
        List<String> parts = new ArrayList<>();
        for (Node item : v.items()) {
          parts.add(String.valueOf(item.value));
        }
        out.put(key, String.join(";", parts));
      } else {
        out.put(key, String.valueOf(v.value));
      }
    });
    return out;
  }

  /**
   * The {@code holidays} section: holiday calendars by name, each a list of entries (dates, or dates with the hours of
   * a short day), for reps (and the roster file) to name in their own {@code holidays}.
   */
  private void calendars(@Nullable Node n) {
    if (n == null || !map(n, "holidays")) {
      return;
    }
    for (Map.Entry<String, Node> e : n.entries().entrySet()) {
      String name = e.getKey().trim();
      String p = "holidays." + e.getKey();
      if (name.isEmpty()) {
        error(e.getValue(), p, "a holiday calendar needs a name");
        continue;
      }
      if (Holidays.startsWithDate(name)) {
        error(e.getValue(), p, "a holiday calendar's name must not be a date: write holidays: {US: [" + name
            + ", ...]} and name the calendar in a rep's holidays");
        continue;
      }
      Node list = e.getValue();
      List<Node> items = list.kind == Node.Kind.LIST ? list.items() : null;
      if (items == null) {
        error(list, p, "a holiday calendar must be a list of dates (YYYY-MM-DD, or a date with the hours of a short"
            + " day: 2026-12-24 09:00-12:00)");
        continue;
      }
      List<String> entries = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        String ip = p + "[" + i + "]";
        String s = text(items.get(i), ip);
        if (s == null) {
          continue;
        }
        try {
          if (Holidays.entry(s) == null) {
            error(items.get(i), ip, "'" + s.trim() + "' is not " + Holidays.FORM);
          } else {
            entries.add(s.trim());
          }
        } catch (IllegalArgumentException ex) {
          error(items.get(i), ip, ex.getMessage());
        }
      }
      calendars.put(name, List.copyOf(entries));
      for (String entry : entries) {
        java.time.LocalDate d = java.util.Objects.requireNonNull(Holidays.entry(entry)).date();
        out.calendarEnds.merge(name, d, (a, b) -> a.isAfter(b) ? a : b);
      }
    }
  }

  /** A rep's {@code time_off}: one period or a list of them ({@link TimeOffs}), dates in the rep's zone. */
  private List<io.smartrouting.api.TimeOff> timeOff(Node rep, String p, ZoneId zone) {
    List<io.smartrouting.api.TimeOff> out = new ArrayList<>();
    eachText(rep, "time_off", p, (s, item, ip) -> out.add(TimeOffs.parse(s, zone)));
    return out;
  }

  /** {@code hours} with a part's {@code holidays}: entries and names of holiday calendars. */
  private WorkingHours withHolidays(WorkingHours hours, Node parent, String p) {
    WorkingHours[] out = {hours};
    eachText(parent, "holidays", p, (s, item, ip) -> out[0] = Holidays.apply(out[0], s, calendars));
    return out[0];
  }

  /** What {@link #eachText} does with one text: may throw IllegalArgumentException, reported at the text. */
  private interface TextItem {
    void accept(String text, Node item, String path);
  }

  /**
   * Each text of a part's {@code key}, one value or a list of them, with its node and path; a value that is no text,
   * or that {@code each} refuses with IllegalArgumentException, is an error at its place.
   */
  private void eachText(Node parent, String key, String p, TextItem each) {
    Node n = parent.get(key);
    if (n == null) {
      return;
    }
    List<Node> items = n.kind == Node.Kind.LIST ? n.items() : List.of(n);
    for (int i = 0; i < items.size(); i++) {
      String ip = p + "." + key + (n.kind == Node.Kind.LIST ? "[" + i + "]" : "");
      String s = text(items.get(i), ip);
      if (s == null) {
        continue;
      }
      try {
        each.accept(s, items.get(i), ip);
      } catch (IllegalArgumentException e) {
        error(items.get(i), ip, e.getMessage());
      }
    }
  }

  /**
   * The duration at top-level key {@code key}, or null when it is missing, {@code false}, {@code off} or
   * {@code never} (a feature that is off by default).
   */
  private @Nullable Duration topDurationOrOff(Node root, String key) {
    Node n = root.get(key);
    return n == null ? null : durationOrOff(n, key);
  }

  /** The duration {@code n} holds at path {@code p}, or null when it is {@code false}, {@code off} or {@code never}. */
  private @Nullable Duration durationOrOff(Node n, String p) {
    if (Boolean.FALSE.equals(n.value) || n.value instanceof String never
        && (Names.constantKey(never).equals("OFF") || Names.constantKey(never).equals("NEVER"))) {
      return null;
    }
    return duration(n, p);
  }

  /**
   * The longest duration a document may give (100 years): longer ones are typos, and deadlines that far out overflow
   * the arithmetic of instants and nanoseconds they meet at run time.
   */
  private static final Duration LONGEST = Duration.ofDays(36_500);

  private @Nullable Duration duration(Node n, String p) {
    return duration(n, p, false);
  }

  /** {@link #duration(Node, String)}, taking a duration of nothing ({@code 0}, {@code 0m}, {@code PT0S}) if asked. */
  private @Nullable Duration duration(Node n, String p, boolean zeroAllowed) {
    Duration d = anyDuration(n, p, zeroAllowed);
    if (d != null && d.compareTo(LONGEST) > 0) {
      error(n, p, "a duration must be at most 100 years (36500 days)");
      return null;
    }
    return d;
  }

  private @Nullable Duration anyDuration(Node n, String p, boolean zeroAllowed) {
    if (n.kind == Node.Kind.SCALAR && n.value instanceof Long) {
      long minutes = (Long) n.value;
      if (minutes < 0 || minutes == 0 && !zeroAllowed) {
        error(n, p, zeroAllowed ? "a duration must be 0 or more" : "a duration must be positive");
        return null;
      }
      return minutes > LONGEST.toMinutes() ? LONGEST.plusMinutes(1) : Duration.ofMinutes(minutes);
    }
    String s = text(n, p);
    if (s == null) {
      return null;
    }
    Matcher m = DURATION.matcher(s.trim().toLowerCase(Locale.ROOT));
    if (m.matches()) {
      if (m.group(1).length() > 12) {
        return LONGEST.plusMinutes(1); // more digits than any duration up to the longest has, in seconds
      }
      long v = Long.parseLong(m.group(1));
      Duration d;
      // 90s, 90 sec, 90 seconds; 15m, 15 min, 15 minutes; 4h, 4 hrs, 4 hours; 2d, 2 days.
      switch (m.group(2).charAt(0)) {
        case 's':
          d = Duration.ofSeconds(v);
          break;
        case 'h':
          d = Duration.ofHours(v);
          break;
        case 'd':
          d = Duration.ofDays(v);
          break;
        default:
          d = Duration.ofMinutes(v);
      }
      if (d.isZero() && !zeroAllowed) {
        error(n, p, zeroAllowed ? "a duration must be 0 or more" : "a duration must be positive");
        return null;
      }
      return d;
    }
    try {
      Duration d = Duration.parse(s.trim());
      if (d.isNegative() || d.isZero() && !zeroAllowed) {
        error(n, p, zeroAllowed ? "a duration must be 0 or more" : "a duration must be positive");
        return null;
      }
      return d;
    } catch (java.time.format.DateTimeParseException e) {
      error(n, p, "a duration must look like 90s, 15m, 4h, 2d, 5 minutes or PT15M");
      return null;
    }
  }

  private @Nullable ZoneId zone(Node parent, String key, String p) {
    String z = optText(parent, key, p);
    if (z == null) {
      return null;
    }
    try {
      return io.smartrouting.api.Codes.timeZone(z);
    } catch (IllegalArgumentException e) {
      String closest = null;
      if (e.getMessage().contains("such as")) {
        Map<String, String> ids = new java.util.HashMap<>();
        for (String id : ZoneId.getAvailableZoneIds()) {
          ids.put(id.toLowerCase(Locale.ROOT), id);
        }
        String lower = Names.closest(z, ids.keySet());
        closest = lower == null ? null : ids.get(lower);
      }
      error(parent.get(key), p, e.getMessage() + (closest == null ? "" : "; did you mean '" + closest + "'?"));
      return null;
    }
  }

  private @Nullable String repRef(Node n, String key, String p, Set<String> repIds) {
    String id = resolveRep(optName(n, key, p), repIds);
    if (id != null && !repIds.contains(id)) {
      error(n.get(key), p, noRep(id, repIds));
    }
    return id;
  }

  /** Rep ids by their reps' names ({@link #personKey}). */
  private final Map<String, List<String>> repsByName = new java.util.HashMap<>();
  /** The document's holiday calendars by name ({@code holidays}). */
  private final Map<String, List<String>> calendars = new LinkedHashMap<>();

  /** A person as names are compared: trimmed, lower case, single spaces. */
  private static String personKey(String name) {
    return name.trim().toLowerCase(java.util.Locale.ROOT).replaceAll("\\s+", " ");
  }

  /** {@code ref} if it is a rep's id, else the id of the one rep named so, else {@code ref} as it is. */
  private @Nullable String resolveRep(@Nullable String ref, Set<String> repIds) {
    if (ref == null || ref.isBlank() || repIds.contains(ref.trim())) {
      return ref;
    }
    List<String> named = repsByName.get(personKey(ref));
    return named != null && named.size() == 1 ? named.get(0) : ref;
  }

  /** For an unknown rep reference: the reps named so, when more than one is (a name then names no one). */
  /**
   * The error for a rep reference no rep has: two reps sharing the name it gives, or the id it is closest to
   * ({@code 'anna'}: did you mean 'ana'?).
   */
  private String noRep(String ref, Set<String> repIds) {
    String alike = namedAlike(ref);
    String closest = alike.isEmpty() ? Names.closest(ref, repIds) : null;
    return "no rep with id '" + ref + "' in reps" + alike
        + (closest == null ? "" : "; did you mean '" + closest + "'?");
  }

  private String namedAlike(String ref) {
    List<String> named = repsByName.get(personKey(ref));
    return named == null || named.size() < 2 ? ""
        : "; " + named.size() + " reps are named '" + ref.trim() + "' (" + String.join(", ", named) + "): use an id";
  }

  private <E extends Enum<E>> @Nullable E enumValue(Class<E> type, String value, @Nullable Node at, String p) {
    E e = Names.constant(type, value);
    if (e == null) {
      error(at, p, Names.noConstant(type, value, false));
    }
    return e;
  }

  private Map<String, String> stringMap(@Nullable Node n, String p) {
    Map<String, String> out = new LinkedHashMap<>();
    if (n == null || !map(n, p)) {
      return out;
    }
    for (Map.Entry<String, Node> e : n.entries().entrySet()) {
      Node v = e.getValue();
      if (v.kind != Node.Kind.SCALAR || v.value == null) {
        error(v, p + "." + e.getKey(), "must be a single value");
      } else {
        out.put(e.getKey(), String.valueOf(v.value));
      }
    }
    return out;
  }

  /**
   * {@link #texts} whose entries are codes: each one {@code code} refuses is an error at that entry (so that a rep's
   * every bad territory and language is reported, each at its column), the others kept.
   */
  private List<String> codes(Node parent, String key, String p, java.util.function.UnaryOperator<String> code) {
    List<String> values = texts(parent, key, p);
    Node n = parent.get(key);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      try {
        code.apply(values.get(i));
        out.add(values.get(i));
      } catch (IllegalArgumentException e) {
        boolean list = n != null && n.kind == Node.Kind.LIST && i < n.items().size();
        error(list ? n.items().get(i) : n, list ? p + "." + key + "[" + i + "]" : p + "." + key, e.getMessage());
      }
    }
    return out;
  }

  /** {@link #texts}, each a regular expression: one that does not compile is an error at its entry. */
  private List<String> patterns(Node parent, String key, String p) {
    List<String> out = texts(parent, key, p);
    Node n = parent.get(key);
    for (int i = 0; i < out.size(); i++) {
      try {
        java.util.regex.Pattern.compile(out.get(i));
      } catch (java.util.regex.PatternSyntaxException e) {
        boolean list = n != null && n.kind == Node.Kind.LIST && n.items().size() == out.size();
        error(list ? n.items().get(i) : n, p + "." + key + (list ? "[" + i + "]" : ""),
            "is not a regular expression: " + e.getDescription() + " near index " + e.getIndex());
      }
    }
    return out;
  }

  private List<String> texts(Node parent, String key, String p) {
    Node n = parent.get(key);
    List<String> out = new ArrayList<>();
    if (n == null) {
      return out;
    }
    String path = p + "." + key;
    if (n.kind == Node.Kind.SCALAR && n.value instanceof String) {
      // A single value where a list is expected: accept it as a list of one.
      out.add((String) n.value);
      return out;
    }
    if (n.kind != Node.Kind.LIST) {
      error(n, path, "must be a list of strings");
      return out;
    }
    for (int i = 0; i < n.items().size(); i++) {
      Node item = n.items().get(i);
      if (item.kind != Node.Kind.SCALAR || item.value == null || item.value instanceof Boolean) {
        error(item, path + "[" + i + "]", "must be a string");
      } else if (String.valueOf(item.value).isBlank()) {
        error(item, path + "[" + i + "]", "must not be blank");
      } else {
        out.add(String.valueOf(item.value));
      }
    }
    return out;
  }

  private @Nullable String optText(Node parent, String key, String p) {
    Node n = parent.get(key);
    return n == null ? null : text(n, p);
  }

  private @Nullable String reqText(Node parent, String key, String p) {
    Node n = parent.get(key);
    if (n == null) {
      error(parent, p, "missing '" + key + "'");
      return null;
    }
    return text(n, p);
  }

  /** An id or name: text without surrounding blanks. */
  private @Nullable String optName(Node parent, String key, String p) {
    Node n = parent.get(key);
    if (n == null) {
      return null;
    }
    String s = text(n, p);
    if (s != null && s.isBlank()) {
      error(n, p, "must not be blank");
      return null;
    }
    return s == null ? null : s.trim();
  }

  private @Nullable String reqName(Node parent, String key, String p) {
    if (parent.get(key) == null) {
      error(parent, p, "missing '" + key + "'");
      return null;
    }
    return optName(parent, key, p);
  }

  private @Nullable String text(Node n, String p) {
    if (n.kind != Node.Kind.SCALAR || n.value == null) {
      error(n, p, "must be text");
      return null;
    }
    if (n.value instanceof Boolean) {
      error(n, p, "must be text, not true/false (quote it)");
      return null;
    }
    return String.valueOf(n.value);
  }

  /**
   * A lead's yes-or-no field as CRM exports write a checkbox: true/false, or as text or a number true/false, yes/no,
   * y/n, 1/0 in any case (a lead file's CSV cells are read alike).
   */
  private @Nullable Boolean checkbox(Node parent, String key, String p) {
    Node n = parent.get(key);
    if (n == null) {
      return null;
    }
    if (n.value instanceof Boolean bool) {
      return bool;
    }
    Boolean b = n.value == null ? null
        : CsvTable.checkbox(String.valueOf(n.value).trim().toLowerCase(java.util.Locale.ROOT));
    if (b == null) {
      error(n, p, "must be true or false (or yes/no, y/n, 1/0)");
    }
    return b;
  }

  private @Nullable Boolean optBool(Node parent, String key, String p) {
    Node n = parent.get(key);
    if (n == null) {
      return null;
    }
    if (!(n.value instanceof Boolean)) {
      error(n, p, "must be true or false");
      return null;
    }
    return (Boolean) n.value;
  }

  private @Nullable Long optLong(Node parent, String key, String p, long min, long max) {
    Node n = parent.get(key);
    return n == null ? null : longValue(n, p, min, max);
  }

  /** A whole number written as text, as CRM exports often write numbers ({@code "5000"}). */
  private static final java.util.regex.Pattern WHOLE_TEXT = java.util.regex.Pattern.compile("[-+]?\\d{1,18}");

  private @Nullable Long longValue(Node n, String p, long min, long max) {
    Object value = n.value;
    if (value instanceof String text && WHOLE_TEXT.matcher(CsvTable.ungrouped(text)).matches()) {
      value = Long.parseLong(CsvTable.ungrouped(text));
    }
    // No upper bound but the type's: "at least 0", not "from 0 to 9223372036854775807".
    String range = max == Long.MAX_VALUE ? "at least " + min : "from " + min + " to " + max;
    if (!(value instanceof Long)) {
      error(n, p, "must be a whole number" + (min == max ? "" : " " + range));
      return null;
    }
    long v = (Long) value;
    if (v < min || v > max) {
      error(n, p, "must be " + range);
      return null;
    }
    return v;
  }

  private @Nullable Double optShare(Node parent, String key, String p, double min, double max, boolean minIncl) {
    Node n = parent.get(key);
    return n == null ? null : number(n, p, min, max, minIncl);
  }

  /**
   * An amount of money ({@code arr}): a number from 0, written as a number or as text; text with thousands grouped
   * by dots ({@code 50.000}) is an error, being fifty or fifty thousand depending on the locale.
   */
  private @Nullable Double amount(Node parent, String key, String p) {
    Node n = parent.get(key);
    if (n != null && n.value instanceof String text && CsvTable.dotGrouped(text)) {
      error(n, p, CsvTable.ambiguousAmount(text));
      return null;
    }
    return optNumber(parent, key, p, 0, 9.2e18, true);
  }

  private @Nullable Double optNumber(Node parent, String key, String p, double min, double max, boolean minIncl) {
    Node n = parent.get(key);
    return n == null ? null : number(n, p, min, max, minIncl);
  }

  private @Nullable Double number(Node n, String p, double min, double max, boolean minIncl) {
    Object value = n.value;
    if (value instanceof String text && CsvTable.NUMBER_TEXT.matcher(CsvTable.ungrouped(text)).matches()) {
      value = Double.parseDouble(CsvTable.ungrouped(text));
    }
    if (!(value instanceof Number)) {
      error(n, p, "must be a number");
      return null;
    }
    double v = ((Number) value).doubleValue();
    if (Double.isNaN(v) || Double.isInfinite(v) || v > max || v < min || (!minIncl && v == min)) {
      error(n, p, "must be a number " + (minIncl ? "from " : "above ") + fmt(min) + (minIncl ? " to " : " up to ")
          + fmt(max));
      return null;
    }
    return v;
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }

  private boolean map(Node n, String p) {
    if (n.kind != Node.Kind.MAP) {
      error(n, p, "must be a map of keys to values");
      return false;
    }
    return true;
  }

  private void each(@Nullable Node n, String p, BiFunction<Node, String, @Nullable Void> f) {
    if (n == null) {
      return;
    }
    if (n.kind != Node.Kind.LIST) {
      error(n, p, "must be a list");
      return;
    }
    for (int i = 0; i < n.items().size(); i++) {
      f.apply(n.items().get(i), p + "[" + i + "]");
    }
  }

  private void unknownKeys(Node n, String p, Set<String> known) {
    unknownKeys(n, p, known, null);
  }

  /**
   * As {@link #unknownKeys(Node, String, Set)} for a lead's keys: a key that names a field as CRM exports do
   * ({@code state}, {@code zip}, {@code Job Title}) is still an error, which names the field it stands for.
   */
  private void unknownLeadKeys(Node n, String p, Set<String> alsoKnown) {
    for (String key : n.entries().keySet()) {
      if (LEAD.contains(key) || alsoKnown.contains(key)) {
        continue;
      }
      String field = LeadColumns.fieldNamedBy(key);
      if (field == null) {
        Set<String> known = LEAD;
        if (!alsoKnown.isEmpty()) {
          known = new LinkedHashSet<>(LEAD);
          known.addAll(alsoKnown);
        }
        unknownKey(n, p, key, known, null);
        continue;
      }
      Node k = n.keyNode(key);
      error(k != null ? k : n, p.isEmpty() ? key : p + "." + key, "unknown key '" + key + "'; did you mean '" + field
          + "'? (what CRM exports call '" + key + "' is the lead's '" + field + "')");
    }
  }

  /** As {@link #unknownKeys(Node, String, Set)}, saying {@code far} when no known key is close to an unknown one. */
  private void unknownKeys(Node n, String p, Set<String> known, @Nullable String far) {
    for (String key : n.entries().keySet()) {
      if (!known.contains(key)) {
        unknownKey(n, p, key, known, far);
      }
    }
  }

  /** The error for key {@code key} of {@code n}, not one of {@code known}: the closest known key, or {@code far}. */
  private void unknownKey(Node n, String p, String key, Set<String> known, @Nullable String far) {
    Node k = n.keyNode(key);
    String hint = Names.closest(key, known);
    error(k != null ? k : n, p.isEmpty() ? key : p + "." + key, "unknown key '" + key + "'"
        + (hint != null ? "; did you mean '" + hint + "'?" : far != null ? "; " + far + "." : "") + " Known: "
        + new TreeSet<>(known));
  }


  /**
   * An expression error inside a string value: the column is the string's column plus the expression's own, one
   * further when the source quotes the string.
   */
  private void expressionError(Node n, String p, ExpressionException e) {
    int col = n.column + e.column() - 1 + (quotedAt(n.line, n.column) ? 1 : 0);
    errors.add(new ConfigError(file, n.line, col, p, n.show(), e.reason() + " (column " + e.column()
        + " of the expression)"));
  }

  private boolean quotedAt(int line, int column) {
    String l = lineText(line);
    return column - 1 < l.length() && column >= 1 && (l.charAt(column - 1) == '"' || l.charAt(column - 1) == '\'');
  }

  private String lineText(int line) {
    String[] lines = source.split("\n", -1);
    return line >= 1 && line <= lines.length ? lines[line - 1].replace("\r", "") : "";
  }

  /**
   * Builds with {@code build} unless errors were added since {@code before}; a rejection by the builder becomes an
   * error at {@code n}. Null when anything failed.
   */
  /**
   * Sets the text of {@code key} (if any) with {@code setter}: a value the builder refuses (a country no territory
   * could match) is an error at that value, and the document's other errors are still found.
   */
  private void setText(Node n, String key, String p, java.util.function.Consumer<@Nullable String> setter) {
    String v = optText(n, key, p + "." + key);
    try {
      setter.accept(v);
    } catch (IllegalArgumentException e) {
      error(n.get(key), p + "." + key, e.getMessage());
    }
  }

  private <T> @Nullable T built(int before, Node n, String p, java.util.function.Supplier<T> build) {
    if (errors.size() > before) {
      return null;
    }
    try {
      return build.get();
    } catch (IllegalArgumentException e) {
      error(n, p, e.getMessage());
      return null;
    }
  }

  private void error(@Nullable Node at, String path, String message) {
    Node n = at;
    errors.add(new ConfigError(file, n == null ? 1 : n.line, n == null ? 1 : n.column, path,
        n == null || n.kind != Node.Kind.SCALAR ? "" : n.show(), message));
  }

  private static Set<String> keys(String... k) {
    return new LinkedHashSet<>(List.of(k));
  }
}
