package io.datashard;

/** What a file in a manifest holds, with the spec's integer ids. */
public enum FileContent {
  DATA(0),
  POSITION_DELETES(1),
  EQUALITY_DELETES(2);

  private final int id;

  FileContent(int id) {
    this.id = id;
  }

  public int id() {
    return id;
  }

  public static FileContent fromId(int id) {
    for (FileContent content : values()) {
      if (content.id == id) {
        return content;
      }
    }
    throw new IllegalArgumentException("Unknown file content id " + id + ": expected 0 (data), 1 (position deletes) or 2 (equality deletes)");
  }
}
