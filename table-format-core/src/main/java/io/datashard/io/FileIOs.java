package io.datashard.io;

import io.datashard.exceptions.DatashardException;
import io.datashard.internal.io.Locations;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds the {@link FileIO} for a location. Storage modules register a {@link FileIOProvider}
 * through {@link ServiceLoader}; core provides {@code file} (and plain paths) and {@code memory}.
 */
public final class FileIOs {
  private static final String LOCAL_SCHEME = "file";
  private static final Map<String, String> MODULE_HINTS = Map.of(
      "s3", "datashard-s3-storage",
      "s3a", "datashard-s3-storage",
      "s3n", "datashard-s3-storage");

  private FileIOs() {
  }

  /**
   * A new FileIO for {@code location}, initialized with {@code properties}. The URI scheme of the
   * location ({@code file}, {@code memory}, {@code s3}, ...) chooses the provider; a plain path
   * without a scheme is on the local file system. The caller closes the FileIO.
   *
   * @throws DatashardException if no provider on the classpath serves the scheme
   */
  public static FileIO forLocation(String location, Map<String, String> properties) {
    Objects.requireNonNull(location, "location is null");
    Objects.requireNonNull(properties, "properties is null");
    String scheme = Locations.scheme(location).orElse(LOCAL_SCHEME);
    Map<String, FileIOProvider> providers = providersByScheme();
    FileIOProvider provider = providers.get(scheme);
    if (provider == null) {
      String hint = MODULE_HINTS.containsKey(scheme)
          ? "add the " + MODULE_HINTS.get(scheme) + " module (artifact io.datashard:"
              + MODULE_HINTS.get(scheme) + ") to the classpath"
          : "add a module that registers an " + FileIOProvider.class.getName()
              + " for '" + scheme + "' to the classpath";
      throw new DatashardException(String.format(
          "No FileIO for scheme '%s' of location '%s': available schemes are %s. To use '%s', %s",
          scheme, location, new TreeSet<>(providers.keySet()), scheme, hint));
    }
    return provider.create(Map.copyOf(properties));
  }

  /** The schemes that providers on the classpath serve, sorted. */
  public static Set<String> availableSchemes() {
    return Collections.unmodifiableSet(new TreeSet<>(providersByScheme().keySet()));
  }

  // Loaded on every call rather than cached: Spark and Flink add jars through per-session class
  // loaders, and this is called once per table, not per file.
  private static Map<String, FileIOProvider> providersByScheme() {
    List<ClassLoader> loaders = new ArrayList<>();
    loaders.add(FileIOs.class.getClassLoader());
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    if (context != null && context != loaders.get(0)) {
      loaders.add(context);
    }
    Map<String, FileIOProvider> byScheme = new LinkedHashMap<>();
    for (ClassLoader loader : loaders) {
      for (FileIOProvider provider : ServiceLoader.load(FileIOProvider.class, loader)) {
        for (String scheme : provider.schemes()) {
          byScheme.putIfAbsent(scheme.toLowerCase(Locale.ROOT), provider);
        }
      }
    }
    return byScheme;
  }
}
