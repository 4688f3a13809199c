package io.tossbill.customer;

import io.tossbill.platform.ApiException;
import io.tossbill.platform.Text;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates and finds customers; a customer's key is made once here and never again. */
@Service
class CustomerService implements Customers {

  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  static final int MAX_LENGTH = 100;

  private final CustomerRepository customers;
  private final Clock clock;

  CustomerService(CustomerRepository customers, Clock clock) {
    this.customers = customers;
    this.clock = clock;
  }

  @Override
  @Transactional(readOnly = true)
  public Customer require(CustomerId id) {
    return stored(id).customer();
  }

  @Transactional(readOnly = true)
  CustomerRepository.StoredCustomer stored(CustomerId id) {
    return customers.find(id).orElseThrow(() -> notFound(id.value()));
  }

  @Override
  @Transactional(readOnly = true)
  public Optional<Customer> findByCustomerKey(String customerKey) {
    return customers
        .findByCustomerKey(customerKey)
        .map(CustomerRepository.StoredCustomer::customer);
  }

  @Transactional(readOnly = true)
  List<CustomerRepository.StoredCustomer> findByExternalId(String externalId) {
    Text.requirePrintable("externalId", externalId);
    return customers.findByExternalId(externalId);
  }

  @Override
  @Transactional
  public Customer create(
      @Nullable String email, @Nullable String name, @Nullable String externalId) {
    String cleanEmail = email(email);
    String cleanName = text("name", "이름", name);
    String cleanExternalId = text("externalId", "외부 ID", externalId);
    for (int attempt = 0; attempt < 3; attempt++) {
      Optional<CustomerId> id =
          customers.insert(
              CustomerKeys.next(), cleanEmail, cleanName, cleanExternalId, clock.instant());
      if (id.isPresent()) {
        return require(id.get());
      }
    }
    throw new IllegalStateException(
        "three random customer keys in a row were taken: the random source is broken");
  }

  static ApiException notFound(long id) {
    return ApiException.notFound("CUSTOMER_NOT_FOUND", "api.CUSTOMER_NOT_FOUND", id);
  }

  /**
   * A customer needs an email address: receipts, failed-payment notices and the price-change
   * consent requests Korean law requires go there. The name is optional (shown where given).
   */
  private static String email(@Nullable String email) {
    Text.requirePrintable("email", email);
    if (email == null || email.isBlank()) {
      throw ApiException.badRequest("EMAIL_REQUIRED", "api.EMAIL_REQUIRED");
    }
    String value = email.strip();
    if (value.length() > MAX_LENGTH || !EMAIL.matcher(value).matches()) {
      throw ApiException.badRequest("INVALID_EMAIL", "api.INVALID_EMAIL");
    }
    return value;
  }

  private static @Nullable String text(String field, String fieldKo, @Nullable String value) {
    Text.requirePrintable(field, value);
    if (value == null || value.isBlank()) {
      return null;
    }
    String stripped = value.strip();
    if (stripped.length() > MAX_LENGTH) {
      throw ApiException.badRequest(
          "INVALID_" + field.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(),
          "api.text.too.long",
          fieldKo,
          field);
    }
    return stripped;
  }
}
