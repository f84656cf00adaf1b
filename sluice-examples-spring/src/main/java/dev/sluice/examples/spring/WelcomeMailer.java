package dev.sluice.examples.spring;

import dev.sluice.spring.SluiceHandler;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Sends welcome emails in batches; marking them sent commits with the batch's acknowledgement. */
@Component
public class WelcomeMailer {

    private static final Logger log = LoggerFactory.getLogger(WelcomeMailer.class);
    private final JdbcClient jdbc;

    public WelcomeMailer(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @SluiceHandler(queue = "welcome_emails", batchSize = 100)
    public void send(List<WelcomeEmail> emails) {
        for (WelcomeEmail e : emails) {
            log.info("Sending the welcome email to {}", e.email()); // a real application calls its mail service here
            jdbc.sql("UPDATE accounts SET welcomed_at = now() WHERE email = ?").param(e.email()).update();
        }
    }
}
