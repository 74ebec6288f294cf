package io.smartrouting.core;

/** For tests outside this package: what a router's decisions read of its reps, which only this package may ask. */
public final class RouterViews {

  private RouterViews() {}

  /** Rep {@code repId}'s open leads as {@code router}'s decisions see them, or -1 if it is not on the roster. */
  public static int viewedOpenLeads(Router router, String repId) {
    return router.viewedOpenLeads(repId);
  }
}
