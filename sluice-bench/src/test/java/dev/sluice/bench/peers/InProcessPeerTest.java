package dev.sluice.bench.peers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The job id read from a payload without a JSON parse, in the forms PostgreSQL's json and jsonb return. */
class InProcessPeerTest {

    @Test
    void readsTheIdAsWrittenAndAsJsonbPrintsIt() {
        assertThat(InProcessPeer.idOf("{\"i\":12}")).isEqualTo(12);
        assertThat(InProcessPeer.idOf("{\"i\": 199999}")).isEqualTo(199_999);
        assertThat(InProcessPeer.idOf("{\"i\": 0}")).isZero();
    }

    @Test
    void aPayloadWithoutANumberIsNoJob() {
        assertThat(InProcessPeer.idOf("{}")).isEqualTo(-1);
    }
}
