package io.smartrouting.cli;

import java.io.PrintWriter;

/**
 * A progress bar on the error stream, drawn only on a terminal (never into a pipe or a file) and only for long files;
 * otherwise every call does nothing.
 */
final class Progress {

  /** Files shorter than this get no bar. */
  static final int MIN_LEADS = 5_000;
  private static final int WIDTH = 40;

  private final int total;
  private final PrintWriter err;
  private final boolean on;
  private int done;
  private int drawn = -1;

  private Progress(int total, PrintWriter err, boolean on) {
    this.total = total;
    this.err = err;
    this.on = on;
  }

  static Progress forTerminal(int total, PrintWriter err) {
    return new Progress(total, err, System.console() != null && total >= MIN_LEADS);
  }

  void step() {
    done++;
    if (!on) {
      return;
    }
    int filled = (int) ((long) done * WIDTH / total);
    if (filled != drawn) {
      drawn = filled;
      err.print("\r[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + done + "/" + total);
      err.flush();
    }
  }

  void done() {
    if (on) {
      err.println();
      err.flush();
    }
  }
}
