package io.smartrouting.state.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.smartrouting.spi.RoundRobinTurns;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Java prediction of a round-robin turn and the Lua turn in Redis are the same rule to the last bit: with
 * fractional weights and changing candidate sets, a mirror that saw every turn predicts every winner Redis picks, and
 * so does a preview's turn on the credits read from Redis ({@link RoundRobinTurns#peek}). Ids
 * and weights travel as MessagePack ({@link MsgPack}), so long, non-ASCII and many ids check its encoding too.
 */
class TurnMirrorTest extends RedisServerTest {

  @Test
  void aMirrorThatSeesEveryTurnPredictsEveryWinnerRedisPicks() {
    try (RedisStateStore store = server.patientStore("mirror").build()) {
      RoundRobinTurns turns = store.roundRobinTurns();
      for (long seed = 1; seed <= 5; seed++) {
        Random random = new Random(seed);
        String key = "k" + seed;
        TurnMirror mirror = new TurnMirror();
        List<String> all = new ArrayList<>();
        double[] weightOf = new double[40];
        for (int r = 0; r < weightOf.length; r++) {
          // Ids of every MessagePack string size (up to 300 bytes) and non-ASCII, more than 16 of them per turn.
          all.add(r % 5 == 0 ? "rëp-" + r : "rep-" + r + "-" + "x".repeat(r * 8));
          // Fractions that no decimal prints exactly, and whole weights.
          weightOf[r] = r % 3 == 0 ? 1 + r % 4 : 0.1 + random.nextDouble() * 3;
        }
        for (int t = 0; t < 300; t++) {
          List<String> ids = new ArrayList<>();
          List<Double> ws = new ArrayList<>();
          for (int r = 0; r < all.size(); r++) {
            if (random.nextInt(4) != 0) {
              ids.add(all.get(r));
              ws.add(weightOf[r]);
            }
          }
          if (ids.isEmpty()) {
            continue;
          }
          double[] weights = ws.stream().mapToDouble(Double::doubleValue).toArray();
          // A preview's turn on the credits Redis holds now, read back as Redis reads them, picks the same rep too.
          int previewed = turns.peek(key, ids, weights);
          int predicted = mirror.predict(ids, weights);
          assertThat(turns.take(key, ids, weights)).as("seed %d, turn %d", seed, t).isEqualTo(predicted)
              .isEqualTo(previewed);
        }
      }
    }
  }
}
