package io.smartrouting.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The id table against a map: from a table never added to (which shares one empty slot with every other such table)
 * through adds, replacements and removals, every id finds what the map holds and nothing else, and the size agrees.
 */
class IdTableProperties {

  /** An entry: its id and a serial, so that a replacement is told from the entry it replaced. */
  record Entry(String id, int serial) {}

  /** 0 get, 1 add (if absent), 2 replace (if present), 3 remove (if present); on one of a few ids. */
  record Op(int kind, int id) {}

  @Provide
  Arbitrary<List<Op>> ops() {
    return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 60))
        .as(Op::new).list().ofMaxSize(400);
  }

  @Property(tries = 300)
  void findsWhatAMapHolds(@ForAll("ops") List<Op> ops) {
    IdTable<Entry> table = new IdTable<>(Entry::id);
    IdTable<Entry> untouched = new IdTable<>(Entry::id);
    Map<String, Entry> model = new HashMap<>();
    int serial = 0;
    for (Op op : ops) {
      String id = "lead-" + op.id();
      int h = IdTable.hash(id);
      Entry held = model.get(id);
      switch (op.kind()) {
        case 0 -> assertThat(table.get(id, h)).as("get %s", id).isEqualTo(held);
        case 1 -> {
          if (held == null) {
            Entry e = new Entry(id, serial++);
            table.add(e, h);
            model.put(id, e);
          }
        }
        case 2 -> {
          if (held != null) {
            Entry e = new Entry(id, serial++);
            table.replace(held, e, h);
            model.put(id, e);
          }
        }
        default -> {
          if (held != null) {
            table.remove(held, h);
            model.remove(id);
          }
        }
      }
      assertThat(table.size()).isEqualTo(model.size());
      // A table never added to shares its empty slot: another table's adds must never show in it.
      assertThat(untouched.get(id, h)).as("an untouched table").isNull();
    }
    for (Map.Entry<String, Entry> e : model.entrySet()) {
      assertThat(table.get(e.getKey(), IdTable.hash(e.getKey()))).isSameAs(e.getValue());
    }
    List<Entry> listed = new java.util.ArrayList<>();
    table.forEach(listed::add);
    assertThat(listed).containsExactlyInAnyOrderElementsOf(model.values());
  }
}
