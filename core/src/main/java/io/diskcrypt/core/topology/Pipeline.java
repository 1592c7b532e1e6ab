package io.diskcrypt.core.topology;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The layers the options of a region insert into every disk's data path, by {@link Placement}: the
 * one way an option plugs in. {@link VirtualMachine} builds each disk's path from it when the VM
 * starts; each factory reads the typed model to decide whether its disk gets a layer. Changes take
 * effect at the next start.
 *
 * <p>Two options at one placement either stack (at {@link Placement#STORAGE}, in insertion order,
 * the first inserted nearest the media) or the second is refused (a host placement); nothing is ever
 * replaced silently. Thread-safe.
 */
public final class Pipeline {
  /**
   * One option's layer at one placement.
   *
   * @param placement where it sits
   * @param option the option's name, for messages and explanations, such as {@code "server-side encryption"}
   * @param factory what builds it
   */
  public record Insertion(Placement placement, String option, LayerFactory factory) {
    /** Checks every part is present. */
    public Insertion {
      Objects.requireNonNull(placement, "placement");
      Objects.requireNonNull(option, "option");
      Objects.requireNonNull(factory, "factory");
    }
  }

  private final Map<Placement, List<Insertion>> insertions = new EnumMap<>(Placement.class);

  Pipeline() {}

  /**
   * Inserts {@code option}'s layer at {@code placement}, above the options already there.
   *
   * @throws IllegalStateException when {@code placement} takes one option and already has one, naming both
   * @throws IllegalArgumentException when {@code option} already inserted a layer at {@code placement}
   */
  public synchronized void insert(Placement placement, String option, LayerFactory factory) {
    Insertion insertion = new Insertion(placement, option, factory);
    List<Insertion> here = insertions.computeIfAbsent(placement, p -> new ArrayList<>());
    if (!placement.stacks() && !here.isEmpty()) {
      throw new IllegalStateException(placement + " already has the layer of " + here.get(0).option()
          + ": " + option + " cannot insert a second one (the host encrypts once per placement)");
    }
    for (Insertion existing : here) {
      if (existing.option().equals(option)) {
        throw new IllegalArgumentException(option + " already has a layer at " + placement);
      }
    }
    here.add(insertion);
  }

  /** The insertions at {@code placement}, innermost first. */
  public synchronized List<Insertion> at(Placement placement) {
    return List.copyOf(insertions.getOrDefault(placement, List.of()));
  }

  @Override
  public synchronized String toString() {
    return "Pipeline" + insertions;
  }
}
