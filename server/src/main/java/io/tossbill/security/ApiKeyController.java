package io.tossbill.security;

import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Admin API for API keys: create (the key is in the answer, once), list, revoke. */
@RestController
@RequestMapping("/api/v1/admin/api-keys")
class ApiKeyController {

  private final ApiKeys apiKeys;

  ApiKeyController(ApiKeys apiKeys) {
    this.apiKeys = apiKeys;
  }

  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  ResponseEntity<ApiKeys.NewKey> create(@RequestBody CreateKeyRequest request) {
    ApiKeys.NewKey key =
        apiKeys.create(
            request.name() == null ? "" : request.name(),
            request.role() == null ? ApiKeyRole.MERCHANT : request.role());
    return ResponseEntity.created(URI.create("/api/v1/admin/api-keys/" + key.apiKey().id()))
        .body(key);
  }

  @GetMapping
  List<ApiKeys.ApiKeyView> list() {
    return apiKeys.all();
  }

  @PostMapping("/{id}/revoke")
  ApiKeys.ApiKeyView revoke(@PathVariable long id) {
    return apiKeys.revoke(id);
  }

  record CreateKeyRequest(@Nullable String name, @Nullable ApiKeyRole role) {}
}
