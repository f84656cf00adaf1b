package dev.sluice.examples.spring;

import dev.sluice.queue.Message;
import dev.sluice.spring.SluiceTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Signs a user up: the account and its welcome email commit together, or neither does. */
@Service
public class SignupService {

    private final JdbcClient jdbc;
    private final SluiceTemplate sluice;

    public SignupService(JdbcClient jdbc, SluiceTemplate sluice) {
        this.jdbc = jdbc;
        this.sluice = sluice;
    }

    /** Returns false when the account already exists (and enqueues nothing then). */
    @Transactional
    public boolean signUp(String email) {
        int created = jdbc.sql("INSERT INTO accounts (email) VALUES (?) ON CONFLICT DO NOTHING").param(email).update();
        if (created == 0) {
            return false;
        }
        // Same transaction as the INSERT above: a rollback after this line means no email.
        sluice.enqueue("welcome_emails", Message.builder().payload(new WelcomeEmail(email)).idempotencyKey("welcome:" + email).build());
        return true;
    }
}
