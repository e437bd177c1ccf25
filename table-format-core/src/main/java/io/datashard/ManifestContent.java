package io.datashard;

/** What the entries of a manifest are: data files or delete files. */
public enum ManifestContent {
  DATA(0),
  DELETES(1);

  private final int id;

  ManifestContent(int id) {
    this.id = id;
  }

  public int id() {
    return id;
  }

  public static ManifestContent fromId(int id) {
    return switch (id) {
      case 0 -> DATA;
      case 1 -> DELETES;
      default -> throw new IllegalArgumentException("Unknown manifest content id " + id + ": expected 0 (data) or 1 (deletes)");
    };
  }
}
