package dev.skyport.gateway.apikeys;

import java.net.URI;
import java.time.Instant;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import reactor.core.publisher.Mono;

/** Operator API for API keys (role ADMIN, enforced by the edge's security chain). The secret is shown once. */
@RestController
@RequestMapping("/admin/api-keys")
public class ApiKeyAdminApi {

    private final ApiKeys apiKeys;

    public ApiKeyAdminApi(ApiKeys apiKeys) {
        this.apiKeys = apiKeys;
    }

    public record IssueRequest(@NotBlank @Size(max = 100) String name, @NotBlank String plan) {
    }

    public record IssuedKey(String id, String name, String plan, String key, Instant createdAt) {
    }

    public record KeyView(String id, String name, String plan, String status, Instant createdAt) {
    }

    @PostMapping
    Mono<ResponseEntity<IssuedKey>> issue(@Valid @RequestBody IssueRequest request) {
        if (!apiKeys.plans().containsKey(request.plan())) {
            return Mono.error(new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    "Unknown plan; known plans: " + apiKeys.plans().keySet()));
        }
        return apiKeys.issue(request.name(), request.plan()).map(issued -> ResponseEntity
                .created(URI.create("/admin/api-keys/" + issued.key().id()))
                .body(new IssuedKey(issued.key().id(), issued.key().name(), issued.key().planName(), issued.secret(),
                        issued.key().createdAt())));
    }

    @GetMapping("/{id}")
    Mono<KeyView> get(@PathVariable String id) {
        return apiKeys.find(id)
                .map(key -> new KeyView(key.id(), key.name(), key.planName(), key.revoked() ? "REVOKED" : "ACTIVE",
                        key.createdAt()))
                .switchIfEmpty(Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "No such API key")));
    }

    @DeleteMapping("/{id}")
    Mono<ResponseEntity<Void>> revoke(@PathVariable String id) {
        return apiKeys.revoke(id).flatMap(found -> found
                ? Mono.just(ResponseEntity.noContent().<Void>build())
                : Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "No such API key")));
    }
}
