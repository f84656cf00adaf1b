package dev.sluice.spring.app;

import dev.sluice.spring.SluiceHandler;
import org.springframework.stereotype.Component;

/** Handles queue "chain" one String payload at a time, through a @Transactional service. */
@Component
public class ChainHandler {

    private final ChainService chain;

    public ChainHandler(ChainService chain) {
        this.chain = chain;
    }

    @SluiceHandler(queue = "chain", concurrency = 1)
    public void handle(String item) {
        chain.record(item);
    }
}
