package io.smartrouting.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.api.Account;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The in-place e-mail and website lookups (no substring, ASCII case folded while hashing) finds the same account-domain key as
 * the general path (host cut out, trimmed, lower-cased, then its suffixes walked), for hosts with mixed case,
 * {@code www.}, sub-domains, trailing dots, blanks and free-mail domains.
 */
class EmailKeyProperties {

  private static final AccountDirectory DIRECTORY = new AccountDirectory(List.of(
      Account.builder("a1").name("Acme").domains("acme.com").build(),
      Account.builder("a2").name("Globex").domains("globex.co.uk", "gx.io").build(),
      Account.builder("a3").name("Initech").domains("initech.com").build(),
      Account.builder("a4").name("Umbrella").domains("www.umbrella.org").build()),
      Set.of("gmail.com", "outlook.com", "mail.acme.com"));

  @Provide
  Arbitrary<String> emails() {
    Arbitrary<String> local = Arbitraries.of("jane", "j.doe", "x+tag", "", "a@b");
    Arbitrary<String> sub = Arbitraries.of("", "www.", "WWW.", "mail.", "eu.sales.", "ww.", "www");
    Arbitrary<String> domain = Arbitraries.of("acme.com", "ACME.Com", "globex.co.uk", "co.uk", "gx.io", "initech.com",
        "umbrella.org", "gmail.com", "GMail.com", "outlook.com", "example.net", "com", "acme", "acme.com.evil.net",
        "", ".", "www.");
    Arbitrary<String> tail = Arbitraries.of("", ".", " ", "  \t", ". ", "..");
    Arbitrary<String> lead = Arbitraries.of("", " ", "\t");
    return Combinators.combine(local, lead, sub, domain, tail).as((l, b, s, d, t) -> l + "@" + b + s + d + t);
  }

  @Property(tries = 2000)
  void theInPlaceLookupFindsWhatTheGeneralPathFinds(@ForAll("emails") String email) {
    String host = AccountDirectory.emailHost(email);
    String expected = host == null ? null : DIRECTORY.domainKey(host);
    assertThat(DIRECTORY.emailKeyForTest(email)).as(email).isEqualTo(expected);
  }

  @Provide
  Arbitrary<String> websites() {
    Arbitrary<String> scheme = Arbitraries.of("", "https://", "HTTP://", "ftp://", "//", ":/");
    Arbitrary<String> user = Arbitraries.of("", "jane@", "a:b@", "@");
    Arbitrary<String> sub = Arbitraries.of("", "www.", "WWW.", "www.www.", "eu.", "ww.", "www");
    Arbitrary<String> domain = Arbitraries.of("acme.com", "ACME.Com", "globex.co.uk", "co.uk", "gx.io", "initech.com",
        "umbrella.org", "gmail.com", "mail.acme.com", "example.net", "com", "acme.com.", "acme.com..", "", ".", "www.",
        "acmé.com");
    Arbitrary<String> tail = Arbitraries.of("", "/", "/about?x=1", ":8080", ":8080/a://b", "#top", "?q", ".", "/a@b",
        " ", "\t");
    Arbitrary<String> lead = Arbitraries.of("", " ", "\t");
    return Combinators.combine(lead, scheme, user, sub, domain, tail)
        .as((l, sc, u, s, d, t) -> l + sc + u + s + d + t);
  }

  @Property(tries = 3000)
  void aWebsiteFoundInPlaceGivesTheGeneralPathsKey(@ForAll("websites") String website) {
    String host = AccountDirectory.websiteHost(website);
    String expected = host == null ? null : DIRECTORY.domainKey(host);
    String inPlace = DIRECTORY.websiteKeyForTest(website);
    if (!"(general path)".equals(inPlace)) {
      assertThat(inPlace).as(website).isEqualTo(expected);
    } else {
      assertThat(website).as("only text that is not ASCII takes the general path").matches("(?s).*[^\\x00-\\x7f].*");
    }
  }

  @Test
  void examples() {
    assertThat(DIRECTORY.websiteKeyForTest("https://WWW.eu.Globex.co.uk:443/about")).isEqualTo("globex.co.uk");
    assertThat(DIRECTORY.websiteKeyForTest("umbrella.org.")).isEqualTo("umbrella.org");
    assertThat(DIRECTORY.websiteKeyForTest("https://mail.acme.com/")).as("a free-mail domain ends the walk").isNull();
    assertThat(DIRECTORY.emailKeyForTest("jane@Sales.ACME.com.")).isEqualTo("acme.com");
    assertThat(DIRECTORY.emailKeyForTest("jane@mail.acme.com")).as("a free-mail domain ends the walk").isNull();
    assertThat(DIRECTORY.emailKeyForTest("jane@eu.globex.co.uk")).isEqualTo("globex.co.uk");
    assertThat(DIRECTORY.emailKeyForTest("jane@acme.com.evil.net")).isNull();
    assertThat(DIRECTORY.emailKeyForTest("jane@acmé.com")).as("not ASCII: the general path").isEqualTo(
        "(general path)");
  }
}
