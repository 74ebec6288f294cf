package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Account;
import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.core.internal.AccountDirectory;
import io.smartrouting.core.internal.Bits;
import io.smartrouting.core.internal.Classification;
import io.smartrouting.core.internal.HardCriteria;
import io.smartrouting.core.internal.LeadFacts;
import io.smartrouting.core.internal.RosterSnapshot;
import io.smartrouting.core.state.InMemoryStateStore;
import io.smartrouting.core.testing.Worlds;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The bitset index must agree with a plain filter over every rep, for qualification and for territory alone. */
class RosterIndexProperties {

  @Provide
  Arbitrary<List<Rep>> rosters() {
    // Up to 200 reps so the bitsets span several 64-bit words.
    return Worlds.rosters(0, 200, 5);
  }

  @Provide
  Arbitrary<Lead> leads() {
    return Worlds.leads();
  }

  @Property(tries = 300)
  void indexQualificationEqualsBruteForce(@ForAll("rosters") List<Rep> roster, @ForAll("leads") Lead lead,
      @ForAll boolean regionlessReachRegions) {
    Account account = Account.builder("acct").name("Acct").ownerRepId("rep-1")
        .teamRepIds(List.of("rep-2", "rep-missing")).build();
    RosterSnapshot snap = new RosterSnapshot(1, roster, new InMemoryStateStore(), 0.9,
        new AccountDirectory(List.of(account), Set.of()));
    Classification c = Classification.of(lead, ClassificationPolicy.defaults());
    // Half the leads belong to the account, whose people cover it whatever their territories and segments.
    boolean member = lead.id().hashCode() % 2 == 0;
    LeadFacts facts = new LeadFacts(lead, member ? account : null,
        member ? AccountDirectory.people(account) : Set.of(), c.segment);
    // As the pipeline sets it when the router lets leads without a region reach the country's region reps.
    facts.anyRegion = regionlessReachRegions && facts.country != null && facts.region == null;
    long[] words = new long[snap.words];
    long[] before = new long[snap.words];
    snap.qualify(facts, words, before);
    int[] people = snap.accountPeopleOrdinals(account.id());
    if (member && people != null) {
      // As the pipeline does: the account's people qualify whatever the lead's segment.
      snap.qualifyPeople(facts, people, snap.active, words, before);
    }
    Set<Integer> indexed = new TreeSet<>();
    for (int o = Bits.nextSetBit(words, 0); o >= 0; o = Bits.nextSetBit(words, o + 1)) {
      indexed.add(o);
    }
    Set<Integer> brute = new TreeSet<>();
    for (int o = 0; o < roster.size(); o++) {
      if (HardCriteria.check(roster.get(o), facts) == HardCriteria.OK) {
        brute.add(o);
      }
    }
    assertThat(indexed).isEqualTo(brute);
    assertCoveringAsChecked(snap, roster, facts);
    // How each rep covers the lead, as strategies read it: the account's people and the reps naming it by the account.
    long[][] bits = new long[2][];
    long[][] territory = snap.territoryBits(facts, bits) ? bits : null;
    int[] named = snap.namedAccountReps(facts);
    int[] postal = snap.postalCodeReps(facts);
    for (int o = 0; o < roster.size(); o++) {
      Rep rep = roster.get(o);
      boolean byAccount = facts.country != null && facts.accountId != null
          && (rep.namedAccounts().contains(facts.accountId) || facts.accountPeople.contains(rep.id()));
      io.smartrouting.spi.TerritoryMatch match = snap.territoryMatch(territory, named, postal, o);
      assertThat(match == io.smartrouting.spi.TerritoryMatch.ACCOUNT).as("account match of %s", rep)
          .isEqualTo(byAccount);
      if (facts.country == null) {
        assertThat(match).isEqualTo(io.smartrouting.spi.TerritoryMatch.UNKNOWN);
      } else {
        assertThat(match != io.smartrouting.spi.TerritoryMatch.NONE).as("match %s of %s", match, rep)
            .isEqualTo(HardCriteria.check(rep, facts) != HardCriteria.TERRITORY);
      }
    }
    // The explanation and the audit line read the criteria after the territory from the same bitsets.
    for (int o = 0; o < roster.size(); o++) {
      assertThat(io.smartrouting.core.internal.TraceRecorder.checkInTerritoryFromBits(snap, facts, o))
          .as("criteria of %s", roster.get(o)).isEqualTo(HardCriteria.checkInTerritory(roster.get(o), facts));
    }
  }

  @org.junit.jupiter.api.Test
  void anAccountsPeopleCoverItsLeadsWhateverTheirTerritory() {
    List<Rep> roster = List.of(Rep.builder("rep-0").territories("US").build(),
        Rep.builder("rep-1").territories("DE").build(), Rep.builder("rep-2").territories("FR-75").build(),
        Rep.builder("rep-3").territories("JP").build());
    Account account = Account.builder("acct").name("Acct").ownerRepId("rep-1")
        .teamRepIds(List.of("rep-2", "rep-missing")).build();
    RosterSnapshot snap = new RosterSnapshot(1, roster, new InMemoryStateStore(), 0.9,
        new AccountDirectory(List.of(account), Set.of()));
    Lead lead = Lead.builder("l").country("US").build();
    Classification c = Classification.of(lead, ClassificationPolicy.defaults());
    LeadFacts member = new LeadFacts(lead, account, AccountDirectory.people(account), c.segment);
    assertCoveringAsChecked(snap, roster, member);
    assertThat(Bits.get(snap.coveringTerritory(member), 1)).isTrue();
    LeadFacts stranger = new LeadFacts(lead, null, Set.of(), c.segment);
    assertCoveringAsChecked(snap, roster, stranger);
    assertThat(Bits.get(snap.coveringTerritory(stranger), 1)).isFalse();
  }

  @org.junit.jupiter.api.Test
  void aOneToOneAccountReachesItsPeopleAndItsOwnersTeamOnly() {
    List<Rep> roster = List.of(Rep.builder("owner").team("east").build(), Rep.builder("peer").team("east").build(),
        Rep.builder("ae").team("west").build(), Rep.builder("outsider").team("west").build(),
        Rep.builder("loner").build(), Rep.builder("second-owner").team("east").build());
    Account withAe = Account.builder("with-ae").name("With AE").ownerRepId("owner").aeRepId("ae")
        .tier(io.smartrouting.api.AccountTier.ONE_TO_ONE).build();
    Account teamOnly = Account.builder("team-only").name("Team only").ownerRepId("second-owner")
        .tier(io.smartrouting.api.AccountTier.ONE_TO_ONE).build();
    Account teamless = Account.builder("teamless").name("Teamless").ownerRepId("loner")
        .tier(io.smartrouting.api.AccountTier.ONE_TO_ONE).build();
    Account pooled = Account.builder("pooled").name("Pooled").ownerRepId("outsider").build();
    RosterSnapshot snap = new RosterSnapshot(1, roster, new InMemoryStateStore(), 0.9,
        new AccountDirectory(List.of(withAe, teamOnly, teamless, pooled), Set.of()));
    assertThat(members(snap, snap.ownerTeam("with-ae"))).containsExactly("owner", "peer", "ae", "second-owner");
    assertThat(members(snap, snap.ownerTeam("team-only"))).containsExactly("owner", "peer", "second-owner");
    assertThat(members(snap, snap.ownerTeam("teamless"))).containsExactly("loner");
    assertThat(snap.ownerTeam("pooled")).as("not one-to-one").isNull();
  }

  private static List<String> members(RosterSnapshot snap, long[] bits) {
    List<String> ids = new java.util.ArrayList<>();
    for (int o = Bits.nextSetBit(bits, 0); o >= 0; o = Bits.nextSetBit(bits, o + 1)) {
      ids.add(snap.reps[o].id());
    }
    return ids;
  }

  /** The territory alone, as explanations read it: the reps the per-rep check does not exclude for territory. */
  private static void assertCoveringAsChecked(RosterSnapshot snap, List<Rep> roster, LeadFacts facts) {
    long[] covering = snap.coveringTerritory(facts);
    for (int o = 0; o < roster.size(); o++) {
      assertThat(Bits.get(covering, o)).as("rep %s", roster.get(o).id())
          .isEqualTo(HardCriteria.check(roster.get(o), facts) != HardCriteria.TERRITORY);
    }
  }
}
