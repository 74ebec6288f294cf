package io.smartrouting.core.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * One preview of several moves ({@link Pipeline#previewMove}: a realignment, recycling): what its earlier moves would
 * take and free at each rep, and the state strategies keep for the rest of it
 * ({@link io.smartrouting.spi.RoutingContext#previewState}), so that each previewed lead sees the ones before it as
 * the real moves would. Used by one thread. Not API.
 */
public final class PreviewSession {

  /** Per ordinal of the previewed roster: the leads the earlier moves would add (or, negative, take away). */
  public final int[] previewed;
  /**
   * Per ordinal: the leads the earlier moves would give it (never less for one it would lose: a lead leaving a rep
   * gives back its unit, not its place in the rep's daily, weekly or monthly cap).
   */
  public final int[] arrivals;
  private final Map<Object, Object> state = new HashMap<>();
  /**
   * Where the preview's moves would put each lead they move, by lead id: a later part of the preview (another kind of
   * move) reads these instead of the store's placements, as the real moves' later parts read what the earlier ones
   * wrote.
   */
  private final Map<String, io.smartrouting.core.state.Placement> placed = new java.util.LinkedHashMap<>();
  /**
   * Whether the rep the last previewed move through the chain picked would count the lead in its caps (set by
   * {@link Pipeline}: not for a lead of the rep's own account, nor for the manager fallback).
   */
  boolean lastPickCounts;

  /** A session over a roster of {@code reps} reps. */
  public PreviewSession(int reps) {
    this.previewed = new int[reps];
    this.arrivals = new int[reps];
  }

  /** Counts a lead the preview would move from ordinal {@code from} (-1: none) to ordinal {@code to} (-1: none). */
  public void moved(int from, int to) {
    if (from >= 0) {
      previewed[from]--;
    }
    if (to >= 0) {
      previewed[to]++;
      arrivals[to]++;
    }
  }

  /**
   * Counts the lead the last previewed move through the chain ({@link Pipeline#previewMove}) would take from ordinal
   * {@code from} (-1: none) to ordinal {@code to} (-1: none, it found nobody): in the rep's caps when the chain's
   * reservation would count it there, as {@link #moved}; otherwise as {@link #handed}.
   */
  public void movedByChain(int from, int to) {
    if (to >= 0 && !lastPickCounts) {
      handed(from, to);
    } else {
      moved(from, to);
    }
  }

  /**
   * Counts a lead the preview would hand from ordinal {@code from} (-1: none) to ordinal {@code to} outside the caps, as
   * a person's reassignment, a cover or an account's people take it: room at {@code to}, no place in its daily, weekly
   * or monthly cap.
   */
  public void handed(int from, int to) {
    if (from >= 0) {
      previewed[from]--;
    }
    previewed[to]++;
  }

  /**
   * The rep each previewed move would give its lead, by lead id ({@code ""} for a queue): what a person's or a
   * company's later lead reads instead of the store's notes ({@link
   * io.smartrouting.core.state.RoutingStateStore#repsOfContactsAfter}).
   */
  private final Map<String, String> movedReps = new HashMap<>();
  private final Map<String, String> movedRepsView = java.util.Collections.unmodifiableMap(movedReps);

  /** Notes the placement a previewed move would give its lead. */
  void placed(io.smartrouting.core.state.Placement p) {
    placed.put(p.leadId(), p);
    movedReps.put(p.leadId(), p.repId() == null ? "" : p.repId());
  }

  /** The rep each previewed move would give its lead, by lead id ({@code ""}: a queue); a live, read-only view. */
  Map<String, String> movedReps() {
    return movedRepsView;
  }

  /** The placement an earlier previewed move would give lead {@code leadId}, or null if none moves it. */
  io.smartrouting.core.state.@Nullable Placement placedAt(String leadId) {
    return placed.get(leadId);
  }

  /** The placements the previewed moves would give the leads they move. */
  java.util.Collection<io.smartrouting.core.state.Placement> placements() {
    return placed.values();
  }

  /** What a strategy keeps under {@code key} for the rest of the session, made by {@code initial} at the first ask. */
  @SuppressWarnings("unchecked")
  <T> @Nullable T state(Object key, Supplier<T> initial) {
    return (T) state.computeIfAbsent(key, k -> initial.get());
  }
}
