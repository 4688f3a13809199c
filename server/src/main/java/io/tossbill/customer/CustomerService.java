package io.tossbill.customer;

import io.tossbill.platform.ApiException;
import io.tossbill.platform.Languages;
import io.tossbill.platform.ListPage;
import io.tossbill.platform.ListRequest;
import io.tossbill.platform.Text;
import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates and finds customers; a customer's key is made once here and never again. */
@Service
class CustomerService implements Customers {

  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  static final int MAX_LENGTH = 100;

  private final CustomerRepository customers;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  CustomerService(CustomerRepository customers, ApplicationEventPublisher events, Clock clock) {
    this.customers = customers;
    this.events = events;
    this.clock = clock;
  }

  @Override
  @Transactional(readOnly = true)
  public Customer require(CustomerId id) {
    return stored(id).customer();
  }

  @Override
  @Transactional(readOnly = true)
  public Map<CustomerId, Customer> findLive(Collection<CustomerId> ids) {
    Map<CustomerId, Customer> live = new HashMap<>();
    for (CustomerRepository.StoredCustomer c :
        customers.find(ids.stream().map(CustomerId::value).distinct().toList())) {
      if (!c.deleted()) {
        live.put(c.customer().id(), c.customer());
      }
    }
    return live;
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

  @Override
  @Transactional(readOnly = true)
  public Optional<Customer> findByExternalId(String externalId) {
    Text.requirePrintable("externalId", externalId);
    return customers.findByExternalId(externalId).stream()
        .findFirst()
        .map(CustomerRepository.StoredCustomer::customer);
  }

  @Transactional(readOnly = true)
  ListPage<CustomerRepository.StoredCustomer> list(CustomerFilter filter, ListRequest request) {
    if (filter.email() != null) {
      Text.requirePrintable("email", filter.email());
    }
    if (filter.externalId() != null) {
      Text.requirePrintable("externalId", filter.externalId());
    }
    return ListPage.of(
        customers.list(filter, request), request, s -> s.customer().id().value(), s -> s);
  }

  @Override
  @Transactional
  public Customer create(
      @Nullable String email,
      @Nullable String name,
      @Nullable String externalId,
      @Nullable Locale locale) {
    CustomerRepository.Fields fields =
        new CustomerRepository.Fields(
            email(email),
            text("name", "이름", name),
            text("externalId", "외부 ID", externalId),
            locale == null ? Locale.KOREAN : locale);
    if (fields.externalId() != null && customers.externalIdTaken(fields.externalId(), 0)) {
      throw externalIdTaken(fields.externalId());
    }
    for (int attempt = 0; attempt < 3; attempt++) {
      Optional<CustomerId> id = customers.insert(CustomerKeys.next(), fields, clock.instant());
      if (id.isPresent()) {
        events.publishEvent(new CustomerCreated(id.get()));
        return require(id.get());
      }
      if (fields.externalId() != null && customers.externalIdTaken(fields.externalId(), 0)) {
        // taken by a create that committed between the check and the insert
        throw externalIdTaken(fields.externalId());
      }
    }
    throw new IllegalStateException(
        "three random customer keys in a row were taken: the random source is broken");
  }

  /**
   * Changes what is given: a null field stays as it is, an empty name or external id is removed.
   * The email can be changed but not removed.
   */
  @Transactional
  Customer update(CustomerId id, CustomerChanges changes) {
    CustomerRepository.StoredCustomer stored =
        customers.lock(id).orElseThrow(() -> notFound(id.value()));
    if (stored.deleted()) {
      throw CardStore.deleted();
    }
    Customer now = stored.customer();
    CustomerRepository.Fields fields =
        new CustomerRepository.Fields(
            changes.email() == null ? now.email() : email(changes.email()),
            changes.name() == null ? now.name() : text("name", "이름", changes.name()),
            changes.externalId() == null
                ? now.externalId()
                : text("externalId", "외부 ID", changes.externalId()),
            changes.locale() == null ? now.locale() : changes.locale());
    if (fields.externalId() != null
        && !fields.externalId().equals(now.externalId())
        && customers.externalIdTaken(fields.externalId(), id.value())) {
      throw externalIdTaken(fields.externalId());
    }
    if (!fields.equals(
        new CustomerRepository.Fields(
            String.valueOf(now.email()), now.name(), now.externalId(), now.locale()))) {
      customers.update(id, fields);
      events.publishEvent(new CustomerUpdated(id));
    }
    return require(id);
  }

  /** {@code ko} or {@code en}; anything else is refused (400 INVALID_LOCALE). */
  static @Nullable Locale locale(@Nullable String language) {
    if (language == null) {
      return null;
    }
    Locale locale = Languages.supported(language);
    if (locale == null || !language.strip().equals(locale.getLanguage())) {
      throw ApiException.badRequest("INVALID_LOCALE", "api.INVALID_LOCALE").field("locale");
    }
    return locale;
  }

  private static ApiException externalIdTaken(String externalId) {
    return ApiException.conflict("EXTERNAL_ID_TAKEN", "api.EXTERNAL_ID_TAKEN", externalId)
        .field("externalId");
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
      throw ApiException.badRequest("EMAIL_REQUIRED", "api.EMAIL_REQUIRED").field("email");
    }
    String value = email.strip();
    if (value.length() > MAX_LENGTH || !EMAIL.matcher(value).matches()) {
      throw ApiException.badRequest("INVALID_EMAIL", "api.INVALID_EMAIL").field("email");
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
              field)
          .field(field);
    }
    return stripped;
  }
}
