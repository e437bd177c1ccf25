package io.datashard.actions;

import io.datashard.Table;
import io.datashard.internal.deletes.ConvertEqualityDeletesAction;
import io.datashard.internal.deletes.RewriteDeletesAction;
import java.util.Objects;

/** Entry point of the delete-file maintenance actions, usable from Java and from every engine's driver. */
public final class DeleteActions {
  private DeleteActions() {
  }

  /** Compacts the table's delete files; see {@link RewriteDeletes}. */
  public static RewriteDeletes rewriteDeletes(Table table) {
    return new RewriteDeletesAction(Objects.requireNonNull(table, "table is null"));
  }

  /** Converts the table's equality deletes into position deletes; see {@link ConvertEqualityDeletes}. */
  public static ConvertEqualityDeletes convertEqualityDeletes(Table table) {
    return new ConvertEqualityDeletesAction(Objects.requireNonNull(table, "table is null"));
  }
}
