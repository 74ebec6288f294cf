package io.smartrouting.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Lead;
import io.smartrouting.api.Rep;
import io.smartrouting.core.Router;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Postal territories and postal codes in a configuration, a roster file and a file of leads. */
class PostalTerritoryConfigTest {

  private static final String CHAIN = "chain:\n  - strategy: round-robin\n";

  @Test
  void repsTerritoriesAndScenarioLeadsCarryPostalCodes() {
    RoutingConfig c = RoutingConfig.parse("reps:\n  - {id: ana, territories: ['US:941']}\n"
        + "  - {id: bob, territories: ['us:9']}\n" + CHAIN
        + "scenarios:\n  - name: LA\n    lead: {country: US, postal_code: '90210-4321'}\n    expect: {rep: bob}\n",
        "routing.yaml");
    assertThat(c.reps()).extracting(Rep::territories).containsExactly(java.util.Set.of("US:941"),
        java.util.Set.of("US:9"));
    assertThat(c.scenarios().get(0).lead().postalCode()).isEqualTo("902104321");
    try (Router router = c.toBuilder().manualTimers().build()) {
      assertThat(router.route(c.scenarios().get(0).lead()).repId()).isEqualTo("bob");
      assertThat(router.route(Lead.builder("sf").country("US").postalCode("94105").build()).repId())
          .isIn("ana", "bob");
    }
  }

  @Test
  void aRosterFileAndACrmExportOfLeadsCarryThem(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("reps.csv"), "id,territories\nana,US:941;US:94000-94099\nbob,GB:SW1A\n"
        + "cy,GB:N1 9\ndee,GB:N19\n", StandardCharsets.UTF_8);
    Path doc = dir.resolve("routing.yaml");
    Files.writeString(doc, "roster_file: reps.csv\n" + CHAIN, StandardCharsets.UTF_8);
    RoutingConfig c = RoutingConfig.load(doc);
    assertThat(c.reps().get(0).territories()).containsExactlyInAnyOrder("US:941", "US:94000-94099");
    assertThat(c.reps().get(2).territories()).as("a British sector keeps its blank").containsExactly("GB:N1 9");
    Path leads = dir.resolve("leads.csv");
    Files.writeString(leads, "Lead ID,Country,Zip/Postal Code\nL1,US,94105\nL2,GB,SW1A 1AA\nL3,US,94025\n"
        + "L4,GB,N1 9GU\nL5,GB,N19 3AF\n",
        StandardCharsets.UTF_8);
    List<Lead> read = LeadFiles.read(leads, c);
    assertThat(read).extracting(Lead::postalCode).containsExactly("94105", "SW1A1AA", "94025", "N19GU", "N193AF");
    try (Router router = c.toBuilder().manualTimers().build()) {
      assertThat(router.route(read.get(0)).repId()).isEqualTo("ana");
      assertThat(router.route(read.get(1)).repId()).isEqualTo("bob");
      assertThat(router.route(read.get(2)).repId()).as("in ana's range").isEqualTo("ana");
      assertThat(router.route(read.get(3)).repId()).as("sector N1 9").isEqualTo("cy");
      assertThat(router.route(read.get(4)).repId()).as("district N19").isEqualTo("dee");
    }
  }

  @Test
  void conditionsReadPostalCodesAsLeadsKeepThem() {
    io.smartrouting.core.expr.LeadCondition sf = io.smartrouting.core.expr.LeadCondition
        .parse("postal_code IN ['94105-1234', 'sw1a 1aa']");
    Lead lead = Lead.builder("l").country("US").postalCode("941051234").build();
    assertThat(sf.test(lead, io.smartrouting.api.Tier.TIER_3, io.smartrouting.api.Segment.SMB, null)).isTrue();
    assertThat(sf.test(Lead.builder("m").country("GB").postalCode("SW1A1AA").build(), io.smartrouting.api.Tier.TIER_3,
        io.smartrouting.api.Segment.SMB, null)).isTrue();
    assertThat(io.smartrouting.core.expr.LeadCondition.parse("postal_code IS MISSING")
        .test(Lead.builder("n").build(), io.smartrouting.api.Tier.TIER_3, io.smartrouting.api.Segment.SMB, null))
        .isTrue();
  }

  @Test
  void aBadTerritoryOrPostalCodeIsAnErrorAtItsPlace() {
    List<String> errors = RoutingConfig.validate("reps:\n  - {id: ana, territories: ['US:']}\n"
        + "  - {id: bob, territories: ['US:94199-94100']}\n" + CHAIN
        + "scenarios:\n  - name: bad\n    lead: {country: US, postal_code: '94#105'}\n    expect: {rep: ana}\n",
        "routing.yaml").stream().map(Object::toString).toList();
    assertThat(errors).anySatisfy(e -> assertThat(e).contains("reps[0].territories").contains("US:941"));
    assertThat(errors).anySatisfy(e -> assertThat(e).contains("postal_code").contains("94#105"));
    assertThat(errors).anySatisfy(e -> assertThat(e).contains("reps[1].territories").contains("from low to high"));
  }
}
