package io.smartrouting.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A placement's earlier holders as one hash field: any id, colons, digits and blanks included, read back as written.
 */
class EarlierHoldersCodecTest {

  @Test
  void idsOfAnyCharactersComeBackAsTheyWere() {
    List<String> ids = List.of("ana", "12:34", "b o b", "", "ü-ñ", "x".repeat(40));
    String field = RedisStateStore.holders(ids);
    assertThat(RedisStateStore.holders(field)).isEqualTo(ids);
    assertThat(RedisStateStore.holders("")).isEmpty();
    assertThat(RedisStateStore.holders(List.of())).isEmpty();
  }
}
