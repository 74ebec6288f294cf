package io.smartrouting.examples;

import io.smartrouting.api.Account;
import io.smartrouting.api.Decision;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.api.RoutingEvent;
import io.smartrouting.api.WorkingHours;
import io.smartrouting.core.ManualClock;
import io.smartrouting.core.Router;
import io.smartrouting.core.RoutingMetrics;
import io.smartrouting.core.state.Placement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * A simulated week on a manual clock. Every rep works {@link #SHIFT} on weekdays in its own time zone (unless the
 * roster gives it hours); leads arrive Monday to Friday, most in their own business hours and one in five at any hour,
 * so some arrive after hours and wait for the next shift. Each rep makes first contact after a delay drawn from an
 * exponential distribution whose mean is its profile response time, counted from when it got the lead and moved into
 * its next shift when that falls outside one; worked leads are released an hour after contact, which frees capacity
 * that the waiting queues take. SLA timers fire and queues drain as the clock moves, exactly as in production. The
 * run goes on through the next Monday, so the weekend's leads reach Monday's shifts. Deterministic for a seed.
 */
final class SlaRun {

  /** The demo's shift for reps without working hours: 08:00-18:00 on weekdays in the rep's zone. */
  static final WorkingHours SHIFT = WorkingHours.weekdays(LocalTime.of(8, 0), LocalTime.of(18, 0));
  private static final Duration WORK_TIME = Duration.ofHours(1);
  private static final Duration ARRIVALS = Duration.ofDays(5);
  private static final Duration UNTIL = Duration.ofDays(8);
  private static final Duration TICK = Duration.ofMinutes(1);

  private SlaRun() {}

  /**
   * What the week showed.
   *
   * @param accountMatched leads matched to a known account
   * @param accountReached of those, leads whose first rep was one of the account's people (owner, team, backup, AE,
   *     or the parent account's)
   * @param drained leads that waited in a queue and were later assigned from it
   * @param queuedAtEnd leads still waiting at the end, by queue
   * @param queuedByCountry the same leads by the lead's country (which shows who the roster does not cover)
   * @param takeableAtEnd of those, leads a rep could have taken at the end (the router's own transfer, asked for each)
   * @param returningWhileOpen leads of a person whose earlier lead was open with a rep when they arrived
   * @param returningToTheirRep of those, leads the {@code returning-contact} step gave to that rep (the others' rep
   *     was away, full or not qualified)
   * @param colleaguesWhileOpen leads of another person of a company (not an account) that had a lead open with a rep
   * @param colleaguesToTheirRep of those, leads the {@code same-company} step gave to that rep
   * @param accountMove the account given to its team member on Wednesday afternoon and when
   *     ({@code acc-acme: owner a -> b, 12:03 UTC}), or null if no account's owner held open leads of it then
   * @param accountLeadsMoved the open leads of that account then handed to its new people
   * @param demoRequests Tier 3 leads whose person asked for a demo while the lead was open ({@code Router.update})
   * @param enriched SMB leads whose company enrichment found to be of enterprise size while the lead was open
   * @param updatesMoved of those, leads moved to another rep because theirs, not yet in contact, no longer covered them
   * @param realignment the territory given from one rep to another on Thursday and when
   *     ({@code east-smb-1 hands US-NY to east-smb-2, 13:05 UTC}), or null if no rep held leads a peer could take
   * @param realignPreviewed the moves {@code previewRealignment} announced before the roster update
   * @param realignedToRep the leads the update then routed again to another rep
   * @param realignedToQueue and those that went to a queue, nobody else having room
   * @param qualified with a configuration that hands qualified leads off ({@code when_leads_qualify}): leads an SDR
   *     qualified after its first contact ({@code Router.update} with {@code sales_qualified}), while it held them
   * @param handedToRep of those, leads handed off to a rep (an AE)
   * @param handedToQueue and those that waited in a queue, no AE having room
   */
  record Result(RoutingMetrics metrics, int accountMatched, int accountReached, int drained,
      Map<String, Integer> queuedAtEnd, Map<String, Integer> queuedByCountry, int takeableAtEnd,
      int returningWhileOpen, int returningToTheirRep, int colleaguesWhileOpen, int colleaguesToTheirRep,
      @org.jspecify.annotations.Nullable String accountMove, int accountLeadsMoved, int demoRequests, int enriched,
      int updatesMoved, @org.jspecify.annotations.Nullable String realignment, int realignPreviewed,
      int realignedToRep, int realignedToQueue, int qualified, int handedToRep, int handedToQueue) {}

  /**
   * Something due at {@code at}: {@code repId}'s first contact or release of a lead, or (with {@code update}) the
   * lead's facts changing: whoever holds it when {@code repId} is empty, else only while {@code repId} holds it (an
   * SDR qualifying its lead).
   */
  private record Pending(Instant at, long seq, String leadId, String repId, boolean release,
      @org.jspecify.annotations.Nullable Lead update) implements Comparable<Pending> {
    @Override
    public int compareTo(Pending o) {
      int c = at.compareTo(o.at);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  /**
   * Runs the week.
   *
   * @param qualify whether SDRs qualify some of the leads they contact (the configuration hands such leads off): each
   *     SDR a share of its own, 20%, 35% or 50% by its id, 10-50 minutes after the contact
   */
  static Result run(java.util.function.Supplier<Router.Builder> configured, List<Rep> roster, List<Account> accounts,
      List<Lead> leads, Instant monday, long seed, boolean qualify) {
    List<Rep> reps = new ArrayList<>(roster.size());
    Map<String, Rep> byId = new HashMap<>();
    for (Rep r : roster) {
      Rep withHours = r.workingHours().isAlways() ? Rep.builderFrom(r).workingHours(SHIFT).build() : r;
      reps.add(withHours);
      byId.put(r.id(), withHours);
    }
    Map<String, Set<String>> people = accountPeople(accounts);
    ManualClock clock = new ManualClock(monday);
    Random rnd = new Random(seed);
    PriorityQueue<Pending> agenda = new PriorityQueue<>();
    long[] seq = {0};
    Map<String, String> accountOf = new HashMap<>();
    Map<String, String> firstRep = new HashMap<>();
    int[] drained = {0};
    int[] accountLeadsMoved = {0};
    // Of the leads with a rep, a few change later: one in 25 Tier 3 leads asks for a demo 20-60 minutes after it
    // arrived, one in 40 SMB leads is enriched to 2,500 employees after 10-30 minutes (their own random stream, so the
    // rest of the week draws as before).
    Random changes = new Random(seed ^ 0x5eed_c4a9L);
    Map<String, Integer> changeOf = new HashMap<>();
    int[] updates = new int[3];
    String accountMove = null;
    List<Account> current = new ArrayList<>(accounts);
    Instant wednesdayNoon = monday.plus(Duration.ofDays(2)).plus(Duration.ofHours(12));
    // Thursday's territory realignment: its moved leads' contacts draw from their own stream too.
    Random realignRnd = new Random(seed ^ 0x7e22_a11eL);
    Instant thursdayNoon = wednesdayNoon.plus(Duration.ofDays(1));
    String realignment = null;
    int[] realigned = new int[3];
    Map<String, Lead> arrived = new HashMap<>();
    // SDRs qualifying leads after their first contact: their own stream, so the rest of the week draws as before.
    Random qualifyRnd = new Random(seed ^ 0x9a11_f1edL);
    int[] qualified = new int[3];
    // Each lead's facts as its last update left them, so that a qualification keeps an earlier change (a demo request).
    Map<String, Lead> latest = new HashMap<>();
    java.util.function.Consumer<Pending> contacted = !qualify ? p -> { } : p -> {
      Rep holder = byId.get(p.repId());
      Lead lead = arrived.get(p.leadId());
      double share = 0.20 + 0.15 * Math.floorMod(p.repId().hashCode(), 3);
      if (holder != null && holder.role() == io.smartrouting.api.RepRole.SDR && lead != null
          && qualifyRnd.nextDouble() < share) {
        agenda.add(new Pending(p.at().plus(Duration.ofMinutes(10 + qualifyRnd.nextInt(41))), seq[0]++, p.leadId(),
            p.repId(), false, Lead.builderFrom(lead).salesQualified(true).build()));
      }
    };
    Router router = configured.get().roster(reps).accounts(accounts)
        .clock(clock).manualTimers()
        .listener(e -> {
          // Whoever gets a lead later (SLA reassignment, escalation, a queue drain) starts its own clock to contact.
          String to = null;
          if (e instanceof RoutingEvent.LeadReassigned) {
            to = ((RoutingEvent.LeadReassigned) e).toRepId();
          } else if (e instanceof RoutingEvent.LeadEscalated) {
            to = ((RoutingEvent.LeadEscalated) e).toRepId();
          } else if (e instanceof RoutingEvent.LeadMoved) {
            RoutingEvent.LeadMoved m = (RoutingEvent.LeadMoved) e;
            to = m.decision().repId();
            if (to != null && m.move() == RoutingEvent.Move.DRAINED) {
              drained[0]++;
            }
            if (to != null && m.move() == RoutingEvent.Move.ACCOUNT_MOVED) {
              accountLeadsMoved[0]++;
            }
            if (m.move() == RoutingEvent.Move.UPDATED) {
              Integer kind = changeOf.get(e.leadId());
              if (kind != null) {
                updates[kind]++;
              }
              updates[2]++;
            }
          }
          if (e instanceof RoutingEvent.LeadMoved m && m.move() == RoutingEvent.Move.QUALIFIED) {
            qualified[to != null ? 1 : 2]++;
          }
          if (e instanceof RoutingEvent.LeadUpdated && changeOf.containsKey(e.leadId())) {
            updates[changeOf.get(e.leadId())]++;
          }
          boolean realign = e instanceof RoutingEvent.LeadMoved m && m.move() == RoutingEvent.Move.REALIGNED;
          if (realign) {
            realigned[to != null ? 1 : 2]++;
          }
          if (to != null) {
            firstRep.putIfAbsent(e.leadId(), to);
            agenda.add(contact(e.leadId(), byId.get(to), e.at(), realign ? realignRnd : rnd, seq));
          }
        })
        .build();
    // A person's leads so far, by address, to count the returning contacts whose earlier lead is still with a rep.
    Map<String, List<String>> byAddress = new HashMap<>();
    int[] returning = new int[2];
    // And a company's leads so far, by the address's domain, for the colleagues whose company has a lead with a rep.
    Map<String, List<String>> byDomain = new HashMap<>();
    int[] colleagues = new int[2];
    for (Arrival a : arrivals(leads, monday, rnd)) {
      Lead lead = a.lead();
      Instant t = a.at();
      advance(router, clock, agenda, t, seq, contacted, qualified, latest);
      if (accountMove == null && !t.isBefore(wednesdayNoon) && t.isBefore(wednesdayNoon.plus(Duration.ofHours(12)))) {
        // Territory planning mid-week: from Wednesday noon, at the first arrival that finds an account's owner holding
        // open leads of it, the account goes to its first team member; the configuration's when_accounts_move says what
        // happens to those leads.
        String moved = handOver(router, current, accountOf);
        accountMove = moved == null ? null : moved + ", " + t.atZone(java.time.ZoneOffset.UTC).toLocalTime() + " UTC";
      }
      if (realignment == null && !t.isBefore(thursdayNoon) && t.isBefore(thursdayNoon.plus(Duration.ofHours(12)))) {
        // Territory planning again, Thursday from noon: the rep holding most open leads not yet contacted in one of its
        // territories gives that territory to a peer (same segments and languages); the configuration's
        // when_coverage_changes routes those leads again. A person previews the moves first.
        String given = realign(router, reps, byId, arrived, realigned);
        realignment = given == null ? null : given + ", " + t.atZone(java.time.ZoneOffset.UTC).toLocalTime() + " UTC";
      }
      arrived.put(lead.id(), lead);
      List<String> earlier = lead.email() == null ? List.of()
          : byAddress.computeIfAbsent(lead.email(), k -> new ArrayList<>());
      boolean openWithRep = false;
      for (String id : earlier) {
        openWithRep |= router.placement(id).map(p -> p.repId() != null).orElse(false);
      }
      String domain = lead.email() == null ? null : lead.email().substring(lead.email().indexOf('@') + 1);
      List<String> colleaguesEarlier = domain == null || !domain.startsWith("company") ? List.of()
          : byDomain.computeIfAbsent(domain, k -> new ArrayList<>());
      boolean colleagueWithRep = false;
      for (String id : colleaguesEarlier) {
        colleagueWithRep |= router.placement(id).map(p -> p.repId() != null).orElse(false);
      }
      Decision d = router.route(lead);
      if (openWithRep) {
        returning[0]++;
        if ("returning-contact".equals(d.decidedBy())) {
          returning[1]++;
        }
      } else if (colleagueWithRep) {
        colleagues[0]++;
        if ("same-company".equals(d.decidedBy())) {
          colleagues[1]++;
        }
      }
      if (lead.email() != null) {
        earlier.add(lead.id());
      }
      if (domain != null && domain.startsWith("company")) {
        colleaguesEarlier.add(lead.id());
      }
      if (d.accountId() != null) {
        accountOf.put(lead.id(), d.accountId());
      }
      if (d.repId() != null) {
        firstRep.putIfAbsent(lead.id(), d.repId());
        agenda.add(contact(lead.id(), byId.get(d.repId()), t, rnd, seq));
        if (d.tier() == io.smartrouting.api.Tier.TIER_3 && changes.nextInt(25) == 0) {
          agenda.add(new Pending(t.plus(Duration.ofMinutes(20 + changes.nextInt(41))), seq[0]++, lead.id(), "",
              false, Lead.builderFrom(lead).source(io.smartrouting.api.LeadSource.DEMO_REQUEST).build()));
          changeOf.put(lead.id(), 0);
        } else if (d.segment() == io.smartrouting.api.Segment.SMB && changes.nextInt(40) == 0) {
          agenda.add(new Pending(t.plus(Duration.ofMinutes(10 + changes.nextInt(21))), seq[0]++, lead.id(), "",
              false, Lead.builderFrom(lead).employees(2500).build()));
          changeOf.put(lead.id(), 1);
        }
      }
    }
    advance(router, clock, agenda, monday.plus(UNTIL), seq, contacted, qualified, latest);

    int reached = 0;
    for (Map.Entry<String, String> e : accountOf.entrySet()) {
      String rep = firstRep.get(e.getKey());
      if (rep != null && people.getOrDefault(e.getValue(), Set.of()).contains(rep)) {
        reached++;
      }
    }
    Map<String, Integer> queued = new TreeMap<>();
    Map<String, Integer> byCountry = new TreeMap<>();
    Map<String, Lead> leadsById = new HashMap<>();
    for (Lead lead : leads) {
      leadsById.put(lead.id(), lead);
    }
    List<String> waiting = new ArrayList<>();
    for (Placement p : router.openPlacements()) {
      if (p.queue() != null) {
        queued.merge(p.queue(), 1, Integer::sum);
        Lead lead = leadsById.get(p.leadId());
        byCountry.merge(lead == null || lead.country() == null ? "unknown" : lead.country(), 1, Integer::sum);
        waiting.add(p.leadId());
      }
    }
    RoutingMetrics metrics = router.metrics();
    int takeable = 0;
    for (String id : waiting) {
      // Asked after the metrics are read: a transfer that finds a rep would be a lead the drain left behind.
      if (router.transfer(id).repId() != null) {
        takeable++;
      }
    }
    router.close();
    return new Result(metrics, accountOf.size(), reached, drained[0], queued, byCountry, takeable, returning[0],
        returning[1], colleagues[0], colleagues[1], accountMove, accountLeadsMoved[0], updates[0], updates[1],
        updates[2], realignment, realigned[0], realigned[1], realigned[2], qualified[0], qualified[1], qualified[2]);
  }

  /**
   * Hands the territory in which one rep holds most open leads not yet contacted (at least two) to a peer with the same
   * segments, languages and role (of its team if one can; a peer who covers it already keeps it alone), after previewing the moves (their count into {@code counts[0]});
   * returns {@code rep hands T to peer}, or null if no rep has such leads and a peer. {@code reps} and {@code byId}
   * follow the new roster.
   */
  private static @org.jspecify.annotations.Nullable String realign(Router router, List<Rep> reps,
      Map<String, Rep> byId, Map<String, Lead> arrived, int[] counts) {
    Map<String, Integer> held = new TreeMap<>();
    for (Placement p : router.openPlacements()) {
      Lead lead = arrived.get(p.leadId());
      Rep holder = p.repId() == null ? null : byId.get(p.repId());
      if (lead == null || holder == null || p.contactedAt() != null || lead.country() == null) {
        continue;
      }
      String region = lead.region() == null ? null : lead.country() + "-" + lead.region();
      String territory = region != null && holder.territories().contains(region) ? region
          : holder.territories().contains(lead.country()) ? lead.country() : null;
      if (territory != null && holder.territories().size() > 1) {
        held.merge(holder.id() + " " + territory, 1, Integer::sum);
      }
    }
    String best = null;
    Rep peer = null;
    for (Map.Entry<String, Integer> e : held.entrySet()) {
      if (e.getValue() < 2 || (best != null && e.getValue() <= held.get(best))) {
        continue;
      }
      String[] parts = e.getKey().split(" ");
      Rep from = byId.get(parts[0]);
      // A peer of the same team first (one who covers the territory already keeps it alone), as territory planning
      // usually splits a team's states among its reps.
      Rep to = reps.stream().filter(r -> !r.id().equals(from.id()) && r.segments().equals(from.segments())
          && r.languages().equals(from.languages()) && r.role() == from.role())
          .min(java.util.Comparator.comparing((Rep r) -> java.util.Objects.equals(r.team(), from.team()) ? 0 : 1)
              .thenComparing(r -> r.territories().contains(parts[1]) ? 0 : 1))
          .orElse(null);
      if (to != null) {
        best = e.getKey();
        peer = to;
      }
    }
    if (best == null) {
      return null;
    }
    String[] parts = best.split(" ");
    String territory = parts[1];
    List<Rep> next = new ArrayList<>(reps.size());
    for (Rep r : reps) {
      Set<String> ts = new java.util.LinkedHashSet<>(r.territories());
      if (r.id().equals(parts[0])) {
        ts.remove(territory);
      } else if (r.id().equals(peer.id())) {
        ts.add(territory);
      } else {
        next.add(r);
        continue;
      }
      next.add(Rep.builderFrom(r).territories(ts).build());
    }
    counts[0] = router.previewRealignment(next).size();
    router.updateRoster(next);
    reps.clear();
    reps.addAll(next);
    next.forEach(r -> byId.put(r.id(), r));
    return parts[0] + " hands " + territory + " to " + peer.id();
  }

  /**
   * Gives the account whose owner holds most of its open leads (at least one) and that has a team member other than
   * the owner to that member, the old owner leaving its people; returns {@code id: owner a -> b}, or null if none.
   */
  private static @org.jspecify.annotations.Nullable String handOver(Router router, List<Account> accounts,
      Map<String, String> accountOf) {
    Map<String, Integer> heldByOwner = new HashMap<>();
    Map<String, Account> byId = new HashMap<>();
    accounts.forEach(acc -> byId.put(acc.id(), acc));
    for (Placement p : router.openPlacements()) {
      Account acc = byId.get(accountOf.get(p.leadId()));
      if (acc != null && p.repId() != null && p.repId().equals(acc.ownerRepId())) {
        heldByOwner.merge(acc.id(), 1, Integer::sum);
      }
    }
    Account chosen = null;
    for (Account acc : accounts) {
      boolean hasOther = acc.teamRepIds().stream().anyMatch(id -> !id.equals(acc.ownerRepId()));
      if (hasOther && heldByOwner.containsKey(acc.id()) && (chosen == null
          || heldByOwner.get(acc.id()) > heldByOwner.get(chosen.id()))) {
        chosen = acc;
      }
    }
    if (chosen == null) {
      return null;
    }
    String from = chosen.ownerRepId();
    String to = chosen.teamRepIds().stream().filter(id -> !id.equals(from)).findFirst().orElseThrow();
    Account moved = Account.builderFrom(chosen).ownerRepId(to)
        .teamRepIds(chosen.teamRepIds().stream().filter(id -> !id.equals(to) && !id.equals(from)).toList())
        .backupRepId(from.equals(chosen.backupRepId()) ? null : chosen.backupRepId())
        .aeRepId(from.equals(chosen.aeRepId()) ? to : chosen.aeRepId()).build();
    accounts.replaceAll(acc -> acc.id().equals(moved.id()) ? moved : acc);
    router.updateAccounts(accounts);
    return chosen.id() + ": owner " + from + " -> " + to;
  }

  private record Arrival(Instant at, int order, Lead lead) {}

  /**
   * When each lead arrives: leads are spread evenly over the five weekdays, in their order; within its day a lead
   * comes during its own business hours ({@link #SHIFT} in its time zone, UTC if it has none) four times in five, at
   * any hour otherwise, as web forms are filled in mostly during the working day. Sorted by time.
   */
  private static List<Arrival> arrivals(List<Lead> leads, Instant monday, Random rnd) {
    List<Arrival> out = new ArrayList<>(leads.size());
    for (int i = 0; i < leads.size(); i++) {
      Lead lead = leads.get(i);
      java.time.ZoneId zone = lead.timeZone() != null ? lead.timeZone() : java.time.ZoneOffset.UTC;
      long day = (long) i * ARRIVALS.toDays() / leads.size();
      java.time.LocalDate date = monday.atZone(java.time.ZoneOffset.UTC).toLocalDate().plusDays(day);
      int minuteOfDay = rnd.nextInt(5) < 4 ? 8 * 60 + rnd.nextInt(10 * 60) : rnd.nextInt(24 * 60);
      Instant at = date.atStartOfDay(zone).plusMinutes(minuteOfDay).toInstant();
      out.add(new Arrival(at.isBefore(monday) ? monday : at, i, lead));
    }
    out.sort(java.util.Comparator.comparing(Arrival::at).thenComparingInt(Arrival::order));
    return out;
  }

  /** Each account's people by account id: owner, team, backup and AE, plus those of its parents. */
  private static Map<String, Set<String>> accountPeople(List<Account> accounts) {
    Map<String, Account> byId = new HashMap<>();
    for (Account a : accounts) {
      byId.put(a.id(), a);
    }
    Map<String, Set<String>> out = new HashMap<>();
    for (Account a : accounts) {
      Set<String> ids = new HashSet<>();
      for (Account x = a; x != null && ids.size() < 1000; x = x.parentAccountId() == null ? null
          : byId.get(x.parentAccountId())) {
        addIfPresent(ids, x.ownerRepId());
        addIfPresent(ids, x.backupRepId());
        addIfPresent(ids, x.aeRepId());
        ids.addAll(x.teamRepIds());
        if (x.parentAccountId() != null && x.parentAccountId().equals(x.id())) {
          break;
        }
      }
      out.put(a.id(), ids);
    }
    return out;
  }

  private static void addIfPresent(Set<String> ids, String id) {
    if (id != null) {
      ids.add(id);
    }
  }

  /** First contact by {@code rep}: its response delay from {@code from}, moved into a shift if it falls outside. */
  private static Pending contact(String leadId, Rep rep, Instant from, Random rnd, long[] seq) {
    double minutes = -Math.log(1 - rnd.nextDouble()) * Math.max(0.5, rep.responseMinutes());
    Instant at = onShift(rep, from);
    at = at.plusMillis((long) (minutes * 60_000));
    return new Pending(onShift(rep, at), seq[0]++, leadId, rep.id(), false, null);
  }

  private static Instant onShift(Rep rep, Instant at) {
    if (rep.workingHours().covers(at, rep.timeZone())) {
      return at;
    }
    Instant next = rep.workingHours().nextChange(at, rep.timeZone());
    return next == null ? at : next;
  }

  /**
   * Moves the clock to {@code until}, firing contacts, releases, SLA timers and queue drains in time order, with a
   * timer tick every {@link #TICK} in between (as the router's timer thread would), so shift starts drain queues.
   * Each first contact made is given to {@code contacted}; an SDR's qualification (an update from its rep) counts in
   * {@code qualified[0]} when that rep still held the lead, and is made on the lead's facts as its last update left
   * them ({@code latest}, kept here), as a change keeps the qualification an earlier one made.
   */
  private static void advance(Router router, ManualClock clock, PriorityQueue<Pending> agenda, Instant until,
      long[] seq, java.util.function.Consumer<Pending> contacted, int[] qualified, Map<String, Lead> latest) {
    Instant tick = clock.instant().plus(TICK);
    while (true) {
      Pending p = agenda.peek();
      boolean event = p != null && !p.at().isAfter(until) && !p.at().isAfter(tick);
      if (!event) {
        if (tick.isAfter(until)) {
          break;
        }
        clock.set(tick);
        router.fireDueTimers();
        tick = tick.plus(TICK);
        continue;
      }
      agenda.poll();
      clock.set(p.at());
      router.fireDueTimers();
      var placement = router.placement(p.leadId());
      if (p.update() != null) {
        boolean byHolder = !p.repId().isEmpty();
        Lead before = latest.get(p.leadId());
        if (byHolder && placement.isPresent() && p.repId().equals(placement.get().repId())) {
          qualified[0]++; // the SDR qualifies the lead it still holds
          Lead now = Lead.builderFrom(before != null ? before : p.update()).salesQualified(true).build();
          latest.put(p.leadId(), now);
          router.update(now);
        } else if (!byHolder && placement.isPresent()) {
          // Still open: read anew wherever it is, qualified still if its SDR qualified it.
          Lead now = before != null && before.salesQualified()
              ? Lead.builderFrom(p.update()).salesQualified(true).build() : p.update();
          latest.put(p.leadId(), now);
          router.update(now);
        }
        continue;
      }
      if (placement.isEmpty() || !p.repId().equals(placement.get().repId())) {
        continue; // released, or the lead moved to someone else before this rep got to it
      }
      if (p.release()) {
        router.release(p.leadId());
        router.fireDueTimers(); // the freed unit goes to the queue at once, not at the next tick
      } else if (router.recordContact(p.leadId(), p.at())) {
        agenda.add(new Pending(p.at().plus(WORK_TIME), seq[0]++, p.leadId(), p.repId(), true, null));
        contacted.accept(p);
      }
    }
    clock.set(until);
    router.fireDueTimers();
  }
}
