package io.datashard.expressions;

import io.datashard.StructLike;
import io.datashard.types.Types;
import java.util.Objects;

/**
 * Evaluates an expression on rows of a struct type, e.g. to filter the rows read from a data file.
 * Instances hold only the bound expression and may be shared between threads.
 */
public final class Evaluator {
  private final Expression bound;

  /** Binds {@code expression} to {@code struct} case-sensitively. */
  public Evaluator(Types.StructType struct, Expression expression) {
    this(struct, expression, true);
  }

  public Evaluator(Types.StructType struct, Expression expression, boolean caseSensitive) {
    Objects.requireNonNull(struct, "struct is null");
    this.bound = Expressions.rewriteNot(Binder.bind(struct, expression, caseSensitive));
  }

  /** Whether the row matches; a row is a {@link StructLike} laid out as the struct type. */
  public boolean eval(StructLike row) {
    return Trees.eval(bound, predicate -> predicate.test(predicate.ref().get(row)));
  }

  /** The bound expression, with every {@code not} pushed into the predicates. */
  public Expression expression() {
    return bound;
  }
}
