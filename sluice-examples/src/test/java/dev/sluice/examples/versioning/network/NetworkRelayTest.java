package dev.sluice.examples.versioning.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.embedded.TestDatabase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NetworkRelayTest {

    @Test
    void eachRequestResponsePaysTheDelayOnceEvenWhenSentInSeveralChunks() throws Exception {
        Duration rtt = Duration.ofMillis(20);
        int exchanges = 10;
        try (ServerSocket echo = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread server = new Thread(() -> {
                try (Socket s = echo.accept(); BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                     OutputStream out = s.getOutputStream()) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
                        out.flush();
                    }
                } catch (Exception e) {
                    // test over
                }
            });
            server.setDaemon(true);
            server.start();
            try (NetworkRelay relay = new NetworkRelay("echo", (InetSocketAddress) echo.getLocalSocketAddress(), rtt);
                 Socket client = new Socket(relay.host(), relay.port())) {
                client.setTcpNoDelay(true);
                OutputStream out = client.getOutputStream();
                BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
                long start = System.nanoTime();
                for (int i = 0; i < exchanges; i++) {
                    // One request in two writes, as an HTTP client writes headers and body.
                    out.write("pi".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    out.write(("ng " + i + "\n").getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    assertThat(in.readLine()).isEqualTo("ping " + i);
                }
                long elapsed = System.nanoTime() - start;
                assertThat(relay.roundTrips()).as("one round trip per request/response, not per chunk").isEqualTo(exchanges);
                assertThat(relay.delayPaidNanos()).as("each round trip paid the RTT").isGreaterThanOrEqualTo(exchanges * rtt.toNanos());
                assertThat(elapsed).as("the client waited for every round trip's delay").isGreaterThanOrEqualTo(exchanges * rtt.toNanos());
            }
        }
    }

    @Test
    void postgresStatementsAndTheCommitAreOneRoundTripEach() throws Exception {
        URI db = URI.create(TestDatabase.jdbcUrl().substring("jdbc:".length()));
        try (NetworkRelay relay = new NetworkRelay("db", new InetSocketAddress(db.getHost(), db.getPort()), Duration.ofMillis(20))) {
            // A delay well above scheduling noise: at 0 (or at a delay shorter than a descheduled client's pause)
            // a request the driver writes in two parts can be answered in part before its second part arrives,
            // and the relay then counts two turns (see NetworkRelay).
            String url = "jdbc:postgresql://" + relay.host() + ":" + relay.port() + db.getRawPath() + (db.getRawQuery() == null ? "" : "?" + db.getRawQuery());
            try (Connection c = DriverManager.getConnection(url, "postgres", null); Statement s = c.createStatement()) {
                c.setAutoCommit(false);
                for (int k = 0; k < 3; k++) {
                    long before = relay.roundTrips();
                    s.execute("SELECT 3"); // BEGIN travels with it
                    s.execute("SELECT 4");
                    c.commit();
                    assertThat(relay.roundTrips() - before).as("two statements and the commit").isEqualTo(3);
                    before = relay.roundTrips();
                    try (PreparedStatement ps = c.prepareStatement("SELECT ?::int")) {
                        ps.setInt(1, k);
                        ps.executeQuery().close();
                    }
                    c.commit();
                    assertThat(relay.roundTrips() - before).as("a prepared statement and the commit").isEqualTo(2);
                }
            }
            relay.rtt(Duration.ofMillis(5));
            assertThat(relay.rtt()).isEqualTo(Duration.ofMillis(5));
        }
    }

    @Test
    void anRttOutOfRangeIsRefusedWithItsValue() throws Exception {
        try (NetworkRelay relay = new NetworkRelay("x", new InetSocketAddress(InetAddress.getLoopbackAddress(), 9), Duration.ZERO)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> relay.rtt(Duration.ofMillis(-1)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT-0.001S");
        }
    }
}
