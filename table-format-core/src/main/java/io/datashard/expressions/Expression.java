package io.datashard.expressions;

import java.io.Serializable;

/**
 * A boolean expression over a table's rows (or a partition tuple): constants, predicates on one
 * column, and their {@code and}/{@code or}/{@code not} combinations. Expressions are immutable.
 * Unbound expressions name columns; {@link Binder} resolves them to field ids of a struct type.
 *
 * <p>Null and NaN semantics: a comparison ({@code <, <=, >, >=, =, in, startsWith}) is false for a
 * null or NaN value, and its negation ({@code !=, not in, notStartsWith}) is true. {@code not} is
 * pushed into predicates ({@link Expressions#rewriteNot}) before evaluation, so {@code not(x < 5)}
 * means {@code x >= 5} and is false for a null {@code x}.
 */
public interface Expression extends Serializable {

  /** The kind of an expression node. */
  enum Operation {
    TRUE, FALSE, IS_NULL, NOT_NULL, IS_NAN, NOT_NAN, LT, LT_EQ, GT, GT_EQ, EQ, NOT_EQ, IN, NOT_IN,
    NOT, AND, OR, STARTS_WITH, NOT_STARTS_WITH;

    /** The operation that is true exactly when this one is false, e.g. {@code <} for {@code >=}. */
    public Operation negate() {
      switch (this) {
        case TRUE: return FALSE;
        case FALSE: return TRUE;
        case IS_NULL: return NOT_NULL;
        case NOT_NULL: return IS_NULL;
        case IS_NAN: return NOT_NAN;
        case NOT_NAN: return IS_NAN;
        case LT: return GT_EQ;
        case LT_EQ: return GT;
        case GT: return LT_EQ;
        case GT_EQ: return LT;
        case EQ: return NOT_EQ;
        case NOT_EQ: return EQ;
        case IN: return NOT_IN;
        case NOT_IN: return IN;
        case STARTS_WITH: return NOT_STARTS_WITH;
        case NOT_STARTS_WITH: return STARTS_WITH;
        default: throw new IllegalArgumentException("No negation of operation " + this);
      }
    }

    /** The operation with its operands swapped, e.g. {@code >} for {@code <} ({@code a < b} is {@code b > a}). */
    public Operation flipLR() {
      switch (this) {
        case LT: return GT;
        case LT_EQ: return GT_EQ;
        case GT: return LT;
        case GT_EQ: return LT_EQ;
        case EQ:
        case NOT_EQ:
        case AND:
        case OR:
          return this;
        default: throw new IllegalArgumentException("No left-right flip of operation " + this);
      }
    }

    boolean isUnary() {
      return this == IS_NULL || this == NOT_NULL || this == IS_NAN || this == NOT_NAN;
    }

    boolean isSet() {
      return this == IN || this == NOT_IN;
    }
  }

  Operation op();

  /** The expression that is true exactly when this one is false (for non-null, non-NaN values). */
  Expression negate();
}
