package io.datashard.expressions;

import java.util.function.Function;
import java.util.function.Predicate;

/** Walks bound expression trees; evaluators supply what a predicate means to them. */
final class Trees {
  private Trees() {}

  static boolean eval(Expression expression, Predicate<BoundPredicate> leaf) {
    switch (expression.op()) {
      case TRUE:
        return true;
      case FALSE:
        return false;
      case AND:
        return eval(((And) expression).left(), leaf) && eval(((And) expression).right(), leaf);
      case OR:
        return eval(((Or) expression).left(), leaf) || eval(((Or) expression).right(), leaf);
      case NOT:
        // evaluators work on rewriteNot results; negating a "might match" answer would be unsound
        throw new IllegalStateException("Expression still contains not(): " + expression);
      default:
        if (!(expression instanceof BoundPredicate)) {
          throw new IllegalStateException("Expression is not bound: " + expression);
        }
        return leaf.test((BoundPredicate) expression);
    }
  }

  /** Rebuilds an expression with each predicate replaced, folding constants on the way up. */
  static Expression transform(Expression expression, Function<Expression, Expression> leaf) {
    switch (expression.op()) {
      case TRUE:
      case FALSE:
        return expression;
      case AND:
        return Expressions.and(transform(((And) expression).left(), leaf), transform(((And) expression).right(), leaf));
      case OR:
        return Expressions.or(transform(((Or) expression).left(), leaf), transform(((Or) expression).right(), leaf));
      case NOT:
        return Expressions.not(transform(((Not) expression).child(), leaf));
      default:
        return leaf.apply(expression);
    }
  }
}
