package io.tossbill.platform;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * An amount of Korean won. Won has no minor unit, so this is a whole number: {@code BIGINT} in the
 * database, an integer in JSON. Arithmetic that could overflow throws instead of wrapping.
 */
public record Won(long value) implements Comparable<Won> {

  public static final Won ZERO = new Won(0);

  @JsonCreator
  public static Won of(long value) {
    return new Won(value);
  }

  @JsonValue
  public long value() {
    return value;
  }

  public Won plus(Won other) {
    return new Won(Math.addExact(value, other.value));
  }

  public Won minus(Won other) {
    return new Won(Math.subtractExact(value, other.value));
  }

  public Won times(long factor) {
    return new Won(Math.multiplyExact(value, factor));
  }

  public boolean isZero() {
    return value == 0;
  }

  public boolean isPositive() {
    return value > 0;
  }

  public boolean isNegative() {
    return value < 0;
  }

  public boolean isGreaterThan(Won other) {
    return value > other.value;
  }

  public Won max(Won other) {
    return value >= other.value ? this : other;
  }

  public Won min(Won other) {
    return value <= other.value ? this : other;
  }

  @Override
  public int compareTo(Won other) {
    return Long.compare(value, other.value);
  }

  /** {@code 4,900원}. */
  @Override
  public String toString() {
    return String.format("%,d원", value);
  }
}
