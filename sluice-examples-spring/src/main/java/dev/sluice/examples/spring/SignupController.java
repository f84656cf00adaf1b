package dev.sluice.examples.spring;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /signups {"email": ...}} and {@code GET /signups/{email}}. */
@RestController
public class SignupController {

    /** The request body of {@code POST /signups}. */
    public record SignupRequest(String email) {
    }

    private final SignupService signups;
    private final JdbcClient jdbc;

    public SignupController(SignupService signups, JdbcClient jdbc) {
        this.signups = signups;
        this.jdbc = jdbc;
    }

    @PostMapping("/signups")
    public ResponseEntity<Map<String, Object>> signUp(@RequestBody SignupRequest request) {
        if (request.email() == null || !request.email().contains("@")) {
            return ResponseEntity.badRequest().body(Map.of("error", "give an \"email\" such as ada@example.com"));
        }
        boolean created = signups.signUp(request.email());
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK)
                .body(Map.of("email", request.email(), "created", created));
    }

    @GetMapping("/signups/{email}")
    public ResponseEntity<Map<String, Object>> show(@PathVariable String email) {
        return jdbc.sql("SELECT email, created_at::text AS created_at, welcomed_at::text AS welcomed_at FROM accounts WHERE email = ?")
                .param(email).query().listOfRows().stream().findFirst()
                .map(row -> ResponseEntity.ok((Map<String, Object>) new java.util.LinkedHashMap<>(row)))
                .orElse(ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no signup for " + email)));
    }
}
