package io.tossbill.customer;

import io.tossbill.gateway.PaymentGateway;
import io.tossbill.platform.ApiException;
import io.tossbill.platform.ListPage;
import io.tossbill.platform.ListRequest;
import java.net.URI;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The merchant API for customers and their cards. */
@RestController
@RequestMapping("/api/v1/customers")
class CustomerController {

  private final CustomerService customers;
  private final CardService cards;
  private final PaymentGateway gateway;
  private final ObjectProvider<CustomerDeletionGuard> guards;

  CustomerController(
      CustomerService customers,
      CardService cards,
      PaymentGateway gateway,
      ObjectProvider<CustomerDeletionGuard> guards) {
    this.customers = customers;
    this.cards = cards;
    this.gateway = gateway;
    this.guards = guards;
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  ResponseEntity<CustomerView> create(@RequestBody CreateCustomerRequest request) {
    Customer customer =
        customers.create(
            request.email(),
            request.name(),
            request.externalId(),
            CustomerService.locale(request.locale()));
    return ResponseEntity.created(URI.create("/api/v1/customers/" + customer.id().value()))
        .body(view(customers.stored(customer.id())));
  }

  @GetMapping("/{id}")
  CustomerView get(@PathVariable long id) {
    return view(customers.stored(customerId(id)));
  }

  /**
   * Customers, newest first, a page at a time ({@code limit}, {@code cursor}); filtered by email,
   * the merchant's id, creation time ({@code [createdFrom, createdTo)}); deleted ones on request.
   */
  @GetMapping
  ListPage<CustomerView> list(
      @RequestParam(required = false) @Nullable String email,
      @RequestParam(required = false) @Nullable String externalId,
      @RequestParam(required = false) @Nullable Instant createdFrom,
      @RequestParam(required = false) @Nullable Instant createdTo,
      @RequestParam(defaultValue = "false") boolean includeDeleted,
      @RequestParam(required = false) @Nullable Integer limit,
      @RequestParam(required = false) @Nullable String cursor) {
    ListPage<CustomerRepository.StoredCustomer> page =
        customers.list(
            new CustomerFilter(email, externalId, createdFrom, createdTo, includeDeleted),
            ListRequest.of(limit, cursor));
    return new ListPage<>(
        page.data().stream().map(this::view).toList(), page.hasMore(), page.nextCursor());
  }

  /** Changes the fields given; an empty name or externalId removes it. */
  @PatchMapping("/{id}")
  CustomerView update(@PathVariable long id, @RequestBody UpdateCustomerRequest request) {
    customers.update(
        customerId(id),
        new CustomerChanges(
            request.email(),
            request.name(),
            request.externalId(),
            CustomerService.locale(request.locale())));
    return view(customers.stored(customerId(id)));
  }

  @PostMapping("/{id}/cards")
  CardSummary registerCard(@PathVariable long id, @RequestBody RegisterCardRequest request) {
    if (request.authKey() == null || request.customerKey() == null) {
      throw ApiException.badRequest("INVALID_REQUEST", "api.INVALID_REQUEST");
    }
    return cards.registerCard(customerId(id), request.authKey(), request.customerKey());
  }

  /** What a page needs to open Toss's card window for this customer. */
  @GetMapping("/{id}/card-window")
  CardWindowView cardWindow(@PathVariable long id) {
    var customer = customers.stored(customerId(id));
    if (customer.deleted()) {
      throw CardStore.deleted();
    }
    PaymentGateway.CardWindow window = gateway.cardWindow();
    return new CardWindowView(
        window.scriptUrl(), window.clientKey(), customer.customer().customerKey());
  }

  /** The customer leaves: refused (409) while a guard objects, e.g. a live subscription. */
  @DeleteMapping("/{id}")
  ResponseEntity<Void> delete(@PathVariable long id) {
    cards.deleteCustomer(customerId(id), guards.orderedStream().toList());
    return ResponseEntity.noContent().build();
  }

  private CustomerView view(CustomerRepository.StoredCustomer stored) {
    Customer c = stored.customer();
    CardSummary card = stored.deleted() ? null : cards.currentCard(c.id()).orElse(null);
    return new CustomerView(
        c.id().value(),
        c.customerKey(),
        c.email(),
        c.name(),
        c.externalId(),
        c.locale().getLanguage(),
        c.createdAt(),
        stored.deleted(),
        stored.deletedAt(),
        card);
  }

  private static CustomerId customerId(long id) {
    if (id <= 0) {
      throw CustomerService.notFound(id);
    }
    return new CustomerId(id);
  }

  record CreateCustomerRequest(
      @Nullable String email,
      @Nullable String name,
      @Nullable String externalId,
      @Nullable String locale) {}

  record UpdateCustomerRequest(
      @Nullable String email,
      @Nullable String name,
      @Nullable String externalId,
      @Nullable String locale) {}

  record RegisterCardRequest(@Nullable String authKey, @Nullable String customerKey) {
    @Override
    public String toString() {
      return "RegisterCardRequest[authKey=***, customerKey=" + customerKey + "]";
    }
  }

  record CustomerView(
      long id,
      String customerKey,
      @Nullable String email,
      @Nullable String name,
      @Nullable String externalId,
      String locale,
      Instant createdAt,
      boolean deleted,
      @Nullable Instant deletedAt,
      @Nullable CardSummary card) {}

  record CardWindowView(String scriptUrl, String clientKey, String customerKey) {}
}
