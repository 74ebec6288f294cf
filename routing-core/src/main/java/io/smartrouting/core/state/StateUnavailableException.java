package io.smartrouting.core.state;

/**
 * The live state store could not answer in time (a shared store's server is down, unreachable or slow). The
 * router never lets this lose a lead: {@link io.smartrouting.core.Router#route} places the lead in its fallback
 * queue, flagged {@link io.smartrouting.api.Flag#STATE_UNAVAILABLE}, and writes that placement to the store when it
 * answers again ({@link io.smartrouting.core.Router#reconcile()}).
 */
public class StateUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * With a message saying what failed, and the cause.
   *
   * @param message what failed
   * @param cause the failure
   */
  public StateUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * With a message saying what failed.
   *
   * @param message what failed
   */
  public StateUnavailableException(String message) {
    super(message);
  }
}
