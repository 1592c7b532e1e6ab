package io.diskcrypt.core.crypto;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * The XTS engines available: the pure-Java default, plus any found through {@link ServiceLoader}
 * (an engine whose provider does not load on this platform is left out, not fatal).
 */
public final class XtsEngines {
  private static final XtsEngine DEFAULT = new JavaXtsEngine();

  private XtsEngines() {}

  /** The engine used when none is chosen: pure Java, on every platform. */
  public static XtsEngine defaultEngine() {
    return DEFAULT;
  }

  /** Every engine that loads here, the default first. */
  public static List<XtsEngine> available() {
    Map<String, XtsEngine> byName = new LinkedHashMap<>();
    byName.put(DEFAULT.name(), DEFAULT);
    var iterator = ServiceLoader.load(XtsEngine.class).iterator();
    while (true) {
      try {
        if (!iterator.hasNext()) {
          break;
        }
        XtsEngine engine = iterator.next();
        byName.putIfAbsent(engine.name(), engine);
      } catch (ServiceConfigurationError | LinkageError unavailable) {
        // An optional engine whose native part does not load here: fall back to the others.
      }
    }
    return Collections.unmodifiableList(new ArrayList<>(byName.values()));
  }

  /**
   * The engine named {@code name}.
   *
   * @throws IllegalArgumentException listing the engines available when none has that name
   */
  public static XtsEngine byName(String name) {
    List<XtsEngine> engines = available();
    for (XtsEngine engine : engines) {
      if (engine.name().equals(name)) {
        return engine;
      }
    }
    List<String> names = engines.stream().map(XtsEngine::name).toList();
    throw new IllegalArgumentException("no XTS engine named '" + name + "': available are " + names);
  }
}
