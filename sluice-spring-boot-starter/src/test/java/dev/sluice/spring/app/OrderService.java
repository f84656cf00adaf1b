package dev.sluice.spring.app;

import dev.sluice.spring.SluiceTemplate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Writes an order and enqueues its confirmation in one @Transactional method. */
@Service
public class OrderService {

    private final JdbcTemplate jdbc;
    private final SluiceTemplate sluice;
    private final String schema;

    public OrderService(JdbcTemplate jdbc, SluiceTemplate sluice, @Value("${sluice.schema}") String schema) {
        this.jdbc = jdbc;
        this.sluice = sluice;
        this.schema = schema;
    }

    @Transactional
    public void placeOrder(String customer, boolean failAfterEnqueue) {
        jdbc.update("INSERT INTO \"" + schema + "\".orders (customer) VALUES (?)", customer);
        sluice.enqueue("emails", new Email(customer, "Your order"));
        if (failAfterEnqueue) {
            throw new IllegalStateException("payment declined for " + customer);
        }
    }
}
