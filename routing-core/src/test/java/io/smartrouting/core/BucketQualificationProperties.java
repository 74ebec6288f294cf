package io.smartrouting.core;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * A large roster qualifies a lead from the cached bucket of its kind (territory, segment, language), made on the first
 * lead of that kind, with the reps of its named account and its postal code added to its own copy: over random reps
 * spread through 4,200 and random leads qualified one after another (so that later leads of a kind read the bucket an
 * earlier one made), the reps qualified, before and after availability, are those a plain filter over every rep
 * finds.
 */
class BucketQualificationProperties {

  /** Large enough for the buckets ({@code RosterSnapshot.BUCKET_WORDS} words). */
  static final int LARGE = 4_200;

  @Provide
  Arbitrary<List<Rep>> rosters() {
    return Worlds.rosters(1, 40, 5);
  }

  @Provide
  Arbitrary<Lead> leads() {
    return Worlds.leads();
  }

  /** {@code real} at random ordinals of a roster of {@code LARGE}, in their order, among reps who cover Japan only. */
  static List<Rep> spread(List<Rep> real, long seed) {
    Random rnd = new Random(seed);
    boolean[] at = new boolean[LARGE];
    for (int placed = 0; placed < real.size(); ) {
      int o = rnd.nextInt(LARGE);
      if (!at[o]) {
        at[o] = true;
        placed++;
      }
    }
    List<Rep> out = new ArrayList<>(LARGE);
    int next = 0;
    for (int o = 0; o < LARGE; o++) {
      out.add(at[o] ? real.get(next++) : Rep.builder("filler-" + o).territories("JP").build());
    }
    return out;
  }

  @Property(tries = 40)
  void bucketQualificationEqualsBruteForce(@ForAll("rosters") List<Rep> real, @ForAll long seed,
      @ForAll @Size(min = 1, max = 40) List<@From("leads") Lead> leads, @ForAll boolean regionlessReachRegions) {
    List<Rep> roster = spread(real, seed);
    // Some reps name this account (Worlds), and its people cover its leads whatever their territory and segment.
    io.smartrouting.api.Account account = io.smartrouting.api.Account.builder("acct").name("Acct")
        .ownerRepId("rep-1").teamRepIds(List.of("rep-2", "rep-missing")).build();
    RosterSnapshot snap = new RosterSnapshot(1, roster, new InMemoryStateStore(), 0.9,
        new AccountDirectory(List.of(account), Set.of()));
    long[] available = snap.active.clone();
    // Some active reps unavailable now, as a schedule makes them.
    new Random(seed).ints(40, 0, roster.size()).forEach(o -> Bits.clear(available, o));
    // Each lead twice, some kinds many times: the first of a kind makes its bucket, the others read it.
    List<Lead> twice = new ArrayList<>(leads);
    twice.addAll(leads);
    for (Lead lead : twice) {
      Classification c = Classification.of(lead, ClassificationPolicy.defaults());
      // Postal codes and named accounts are not kept in buckets but added to the lead's copy: a third of the leads
      // keep their code, half belong to the account.
      int h = lead.id().hashCode();
      Lead plain = Math.floorMod(h, 3) == 0 ? lead : Lead.builderFrom(lead).postalCode(null).build();
      boolean member = Math.floorMod(h, 2) == 0;
      LeadFacts facts = new LeadFacts(plain, member ? account : null,
          member ? AccountDirectory.people(account) : Set.of(), c.segment);
      facts.anyRegion = regionlessReachRegions && facts.country != null && facts.region == null;
      long[] dst = new long[snap.words];
      long[] before = new long[snap.words];
      snap.qualify(facts, available, dst, before);
      // The routing path's form reads the bucket's own set instead of a copy: the same reps, and nothing written.
      long[] sharedDst = new long[snap.words];
      long[] scratch = new long[snap.words];
      long[] shared = snap.qualifyShared(facts, available, sharedDst, scratch);
      assertThat(shared).isEqualTo(before);
      assertThat(sharedDst).isEqualTo(dst);
      assertThat(shared == scratch || Bits.isEmpty(scratch)).as("a bucket's set is returned, the scratch untouched")
          .isTrue();
      int[] people = member ? snap.accountPeopleOrdinals(account.id()) : null;
      if (people != null) {
        // As the pipeline does: the account's people qualify whatever the lead's segment (a bucket's set copied first).
        snap.qualifyPeople(facts, people, available, dst, before);
        long[] own = shared == scratch ? scratch : shared.clone();
        snap.qualifyPeople(facts, people, available, sharedDst, own);
        assertThat(own).isEqualTo(before);
        assertThat(sharedDst).isEqualTo(dst);
      }
      for (int o = 0; o < roster.size(); o++) {
        int check = HardCriteria.check(roster.get(o), facts);
        // Before availability, inactive reps are still there (availability takes them out).
        assertThat(Bits.get(before, o)).as("%s before availability, lead %s", roster.get(o).id(), plain)
            .isEqualTo(check == HardCriteria.OK || check == HardCriteria.INACTIVE);
        assertThat(Bits.get(dst, o)).as("%s, lead %s", roster.get(o).id(), plain)
            .isEqualTo(check == HardCriteria.OK && Bits.get(available, o));
      }
    }
  }
}
