package io.datashard.flink.catalog;

import io.datashard.io.CloseableIterable;
import io.datashard.io.FileIO;
import io.datashard.io.FileInfo;
import io.datashard.io.SupportsPrefixListing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Lists the child folders of a warehouse folder. Local folders are listed directly (one level);
 * object stores have no folders, so their files are listed by prefix and the first path segments
 * below it are the children.
 */
final class WarehouseListing {
  private WarehouseListing() {}

  static List<String> children(FileIO io, String folder) {
    Path local = localPath(folder);
    if (local != null) {
      if (!Files.isDirectory(local)) {
        return List.of();
      }
      try (Stream<Path> entries = Files.list(local)) {
        List<String> names = new ArrayList<>();
        entries.filter(Files::isDirectory).map(path -> path.getFileName().toString())
            .filter(name -> !name.startsWith(".")).sorted().forEach(names::add);
        return names;
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot list warehouse folder " + folder, e);
      }
    }
    if (!(io instanceof SupportsPrefixListing listing)) {
      throw new IllegalStateException("Cannot list warehouse folder " + folder + ": its storage ("
          + io.getClass().getSimpleName() + ") cannot list files by prefix");
    }
    TreeSet<String> names = new TreeSet<>();
    String prefix = folder.endsWith("/") ? folder : folder + "/";
    try (CloseableIterable<FileInfo> files = listing.listPrefix(folder)) {
      for (FileInfo file : files) {
        String rest = file.location().substring(prefix.length());
        int slash = rest.indexOf('/');
        if (slash > 0 && !rest.startsWith(".")) {
          names.add(rest.substring(0, slash));
        }
      }
    }
    return new ArrayList<>(names);
  }

  /** The local path of a location without a scheme or with {@code file:}, else null. */
  static Path localPath(String location) {
    if (location.startsWith("file:")) {
      return Paths.get(URI.create(location.startsWith("file:/") ? location : "file:/" + location.substring(5)));
    }
    return location.contains("://") ? null : Paths.get(location);
  }
}
