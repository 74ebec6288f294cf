package io.smartrouting.simulator;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Random;

/**
 * Writes a closed-deals export and its roster with a known truth, for {@code simulate replay}: every rep has a
 * planted win rate per industry (a base rate times a lognormal skill), deals were handed out at random, and each was
 * won with its rep's planted rate. {@code examples/replay/} holds the output of
 * {@code java -cp routing-simulator/target/routing-simulator.jar io.smartrouting.simulator.HistoryGenerator
 * examples/replay 7}.
 */
final class HistoryGenerator {

  static final String[] INDUSTRIES = {"fintech", "healthcare", "retail", "software"};
  static final String[] COUNTRIES = {"US", "GB", "DE"};

  private HistoryGenerator() {}

  /** The planted rate of rep {@code r} in industry {@code i}. */
  static double[][] plantedRates(int reps, long seed) {
    Random rnd = new Random(seed);
    double[][] rates = new double[reps][INDUSTRIES.length];
    for (int r = 0; r < reps; r++) {
      double skill = Math.exp(0.35 * rnd.nextGaussian());
      for (int i = 0; i < INDUSTRIES.length; i++) {
        rates[r][i] = Math.min(0.95, 0.22 * skill * Math.exp(0.30 * rnd.nextGaussian()));
      }
    }
    return rates;
  }

  /** The rates after the drift of a history written with {@code drift}. */
  static double[][] driftedRates(int reps, long seed) {
    return plantedRates(reps, seed + 1000);
  }

  /** Writes {@code reps.csv} and {@code closed-deals.csv} ({@code deals} deals over 18 months) into {@code dir}. */
  static void write(Path dir, int reps, int deals, long seed) throws IOException {
    write(dir, reps, deals, seed, false);
  }

  /**
   * As {@link #write(Path, int, int, long)}; with {@code drift}, the second half of the deals is won with other
   * planted rates ({@link #driftedRates}): every rep changed halfway.
   */
  static void write(Path dir, int reps, int deals, long seed, boolean drift) throws IOException {
    Files.createDirectories(dir);
    double[][] early = plantedRates(reps, seed);
    double[][] late = drift ? driftedRates(reps, seed) : early;
    try (Writer w = Files.newBufferedWriter(dir.resolve("reps.csv"), StandardCharsets.UTF_8)) {
      w.write("id,territories,capacity,response_minutes\n");
      for (int r = 0; r < reps; r++) {
        w.write(String.format(Locale.ROOT, "agent-%02d,*,40,30%n", r + 1));
      }
    }
    Random rnd = new Random(seed + 1);
    LocalDate start = LocalDate.of(2025, 1, 1);
    try (Writer w = Files.newBufferedWriter(dir.resolve("closed-deals.csv"), StandardCharsets.UTF_8)) {
      w.write("date,rep,outcome,industry,country,employees\n");
      for (int d = 0; d < deals; d++) {
        LocalDate date = start.plusDays((long) d * 540 / deals);
        int r = rnd.nextInt(reps);
        int i = rnd.nextInt(INDUSTRIES.length);
        double[][] rates = d < deals / 2 ? early : late;
        boolean won = rnd.nextDouble() < rates[r][i];
        int employees = rnd.nextInt(10) < 6 ? 20 + rnd.nextInt(150) : 200 + rnd.nextInt(3000);
        w.write(String.format(Locale.ROOT, "%s,agent-%02d,%s,%s,%s,%d%n", date, r + 1, won ? "WON" : "LOST",
            INDUSTRIES[i], COUNTRIES[rnd.nextInt(COUNTRIES.length)], employees));
      }
    }
  }

  /** {@code HistoryGenerator DIR [SEED] [drift]}: 12 reps, 4,000 deals. */
  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: HistoryGenerator DIR [SEED] [drift]");
      System.exit(2);
    }
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 7;
    write(Path.of(args[0]), 12, 4000, seed, args.length > 2 && args[2].equals("drift"));
    System.out.println("wrote " + Path.of(args[0]).resolve("reps.csv") + " and closed-deals.csv");
  }
}
