package io.datashard.io;

import java.util.Map;
import java.util.Set;

/**
 * Creates {@link FileIO}s for URI schemes. Storage modules register an implementation in
 * {@code META-INF/services/io.datashard.io.FileIOProvider} so that {@link FileIOs} finds it through
 * {@link java.util.ServiceLoader}. Implementations are public and have a public no-argument
 * constructor.
 */
public interface FileIOProvider {

  /** The lower-case URI schemes this provider serves, such as {@code s3} and {@code s3a}. */
  Set<String> schemes();

  /** A new, initialized FileIO configured from {@code properties}. */
  FileIO create(Map<String, String> properties);
}
