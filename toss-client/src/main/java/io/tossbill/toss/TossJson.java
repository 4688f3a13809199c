package io.tossbill.toss;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;

/** Toss's JSON dialect: tolerant reading, null-free writing. */
final class TossJson {

  /**
   * Toss ships new fields, enum values and error codes without a new API version (toss-api.md
   * §1.3), so nothing unknown may fail a read. Offsets stay as sent ({@code +09:00}) instead of
   * being moved to UTC, and a {@code null} in a number field reads as 0 rather than failing the
   * whole payment.
   */
  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .disable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
          .enable(EnumFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
          .disable(DateTimeFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
          .changeDefaultPropertyInclusion(
              inclusion ->
                  inclusion
                      .withValueInclusion(JsonInclude.Include.NON_NULL)
                      .withContentInclusion(JsonInclude.Include.NON_NULL))
          .build();

  private TossJson() {}

  static byte[] write(Object body) {
    return MAPPER.writeValueAsBytes(body);
  }

  /** The payment, or null when the body is not a Payment with its identifying fields. */
  static @Nullable Payment readPayment(byte[] body) {
    Payment payment = read(body, Payment.class);
    if (payment == null
        || payment.paymentKey() == null
        || payment.orderId() == null
        || payment.status() == null) {
      return null;
    }
    return payment;
  }

  /** The billing, or null when the body is not a Billing with its key and customerKey. */
  static @Nullable Billing readBilling(byte[] body) {
    Billing billing = read(body, Billing.class);
    if (billing == null || billing.billingKey() == null || billing.customerKey() == null) {
      return null;
    }
    return billing;
  }

  /** The {@code {code, message}} of an error body, or null when the body is not one. */
  static @Nullable TossError readError(byte[] body) {
    ErrorBody error = read(body, ErrorBody.class);
    if (error == null || error.code() == null || error.code().isBlank()) {
      return null;
    }
    return new TossError(error.code(), error.message());
  }

  private static <T> @Nullable T read(byte[] body, Class<T> type) {
    if (body.length == 0) {
      return null;
    }
    try {
      return MAPPER.readValue(body, type);
    } catch (JacksonException | IllegalArgumentException e) {
      // IllegalArgumentException: a record's compact constructor refused a value (e.g. blank code)
      return null;
    }
  }

  record ErrorBody(@Nullable String code, @Nullable String message) {}
}
