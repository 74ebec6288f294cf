package io.smartrouting.core.internal;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A set of objects found by a string id they carry (at most one per id), without a node per entry: open addressing
 * with linear probing, at most half full, removal by backward shift. What a per-lead table on the routing path needs
 * when a hash map's node per entry would be most of a decision's garbage. Not thread-safe: callers lock. Not API.
 *
 * @param <T> the entries
 */
public final class IdTable<T> {

  /**
   * The slots of a table never added to: one empty slot, shared, never written (an add grows the table first), so a
   * lookup ends at once and a router's 96 per-shard and per-stripe tables take no arrays until they hold something.
   */
  private static final Object[] NO_SLOTS = new Object[1];

  private final Function<T, String> idOf;
  private Object[] slots = NO_SLOTS;
  private int size;

  /** @param idOf an entry's id (never null, never changing while the entry is in the table) */
  public IdTable(Function<T, String> idOf) {
    this.idOf = Objects.requireNonNull(idOf, "idOf");
  }

  /** The hash this table files {@code id} under; callers that also stripe by it should use other bits. */
  public static int hash(String id) {
    int h = id.hashCode();
    return h ^ (h >>> 16);
  }

  /** The entry with id {@code id} ({@code hash} = {@link #hash}), or null. */
  @SuppressWarnings("unchecked")
  public @Nullable T get(String id, int hash) {
    Object[] t = slots;
    int mask = t.length - 1;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      Object e = t[i];
      if (e == null) {
        return null;
      }
      if (idOf.apply((T) e).equals(id)) {
        return (T) e;
      }
    }
  }

  /** Adds {@code entry}, whose id must not be in the table yet. */
  public void add(T entry, int hash) {
    if (size + 1 > slots.length / 2) {
      Object[] bigger = new Object[Math.max(4, slots.length * 2)];
      for (Object e : slots) {
        if (e != null) {
          @SuppressWarnings("unchecked")
          T t = (T) e;
          insert(bigger, e, hash(idOf.apply(t)));
        }
      }
      slots = bigger;
    }
    insert(slots, entry, hash);
    size++;
  }

  private static void insert(Object[] t, Object entry, int hash) {
    int mask = t.length - 1;
    int i = hash & mask;
    while (t[i] != null) {
      i = (i + 1) & mask;
    }
    t[i] = entry;
  }

  /** Puts {@code next} where {@code current} (this very object, in the table) is; both have the same id. */
  public void replace(T current, T next, int hash) {
    slots[slotOf(current, hash)] = next;
  }

  /** Removes {@code entry} (this very object, in the table). */
  @SuppressWarnings("unchecked")
  public void remove(T entry, int hash) {
    Object[] t = slots;
    int mask = t.length - 1;
    int i = slotOf(entry, hash);
    // Backward shift: pull later entries of the run into the hole unless that would put one before its home.
    for (int next = (i + 1) & mask; t[next] != null; next = (next + 1) & mask) {
      int home = hash(idOf.apply((T) t[next])) & mask;
      boolean stays = i <= next ? (home > i && home <= next) : (home > i || home <= next);
      if (!stays) {
        t[i] = t[next];
        i = next;
      }
    }
    t[i] = null;
    size--;
  }

  private int slotOf(Object entry, int hash) {
    Object[] t = slots;
    int mask = t.length - 1;
    int i = hash & mask;
    while (t[i] != entry) {
      if (t[i] == null) {
        throw new IllegalStateException("entry not in the table");
      }
      i = (i + 1) & mask;
    }
    return i;
  }

  /** Entries in the table. */
  public int size() {
    return size;
  }

  /** Hands every entry to {@code sink}, in no particular order. */
  @SuppressWarnings("unchecked")
  public void forEach(Consumer<? super T> sink) {
    for (Object e : slots) {
      if (e != null) {
        sink.accept((T) e);
      }
    }
  }
}
