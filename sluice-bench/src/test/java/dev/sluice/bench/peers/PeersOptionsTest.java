package dev.sluice.bench.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Options of {@code bench peers}: defaults, and bad input refused with the option named. */
class PeersOptionsTest {

    @Test
    void defaultsAreTheIssues() {
        PeersOptions o = PeersOptions.parse(new String[0]);
        assertThat(o.jobs()).isEqualTo(200_000);
        assertThat(o.rate()).isEqualTo(500);
        assertThat(o.peers()).containsExactly("sluice", "db-scheduler", "jobrunr", "graphile", "pgboss", "pgq", "sluice-streams");
        assertThat(o.jdbcUrl()).isNull();
        assertThat(o.allowNonDurable()).isFalse();
    }

    @Test
    void parsesPeersAndNumbers() {
        PeersOptions o = PeersOptions.parse(new String[] {"--jobs", "100_000", "--peers", "Sluice, pgq", "--repetitions", "2",
            "--jdbc-url", "jdbc:postgresql://h:5432/db"});
        assertThat(o.jobs()).isEqualTo(100_000);
        assertThat(o.peers()).containsExactly("sluice", "pgq");
        assertThat(o.repetitions()).isEqualTo(2);
        assertThat(o.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/db");
    }

    @Test
    void badInputNamesTheOption() {
        assertThatThrownBy(() -> PeersOptions.parse(new String[] {"--peers", "sluice,sidekiq"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown peer 'sidekiq'");
        assertThatThrownBy(() -> PeersOptions.parse(new String[] {"--jobs", "many"}))
                .hasMessageContaining("--jobs takes a whole number");
        assertThatThrownBy(() -> PeersOptions.parse(new String[] {"--jobs", "10"})).hasMessageContaining("--jobs must be between");
        assertThatThrownBy(() -> PeersOptions.parse(new String[] {"--rate"})).hasMessageContaining("--rate needs a value");
        assertThatThrownBy(() -> PeersOptions.parse(new String[] {"--fast", "1"})).hasMessageContaining("Unknown option --fast");
        assertThatThrownBy(() -> PeersOptions.parse(new String[] {"--peers", "pgq,pgq"})).hasMessageContaining("twice");
    }

    @Test
    void connectionStringsKeepTheServerAndChangeTheDatabase() {
        assertThat(ConnectionStrings.withDatabase("jdbc:postgresql://localhost:5432/postgres?user=postgres", "sluice_peer_pgq"))
                .isEqualTo("jdbc:postgresql://localhost:5432/sluice_peer_pgq?user=postgres");
        assertThat(ConnectionStrings.toPostgresUri("jdbc:postgresql://127.0.0.1:5433/db?user=u%40x&password=p%20w&ssl=false"))
                .isEqualTo("postgres://u%40x:p%20w@127.0.0.1:5433/db");
        assertThat(ConnectionStrings.toPostgresUri("jdbc:postgresql://h/db")).isEqualTo("postgres://postgres@h/db");
        assertThatThrownBy(() -> ConnectionStrings.withDatabase("jdbc:mysql://h/db", "x")).hasMessageContaining("Not a PostgreSQL JDBC URL");
    }

    @Test
    void peerDatabasesAreNamedAfterTheRunsDatabase() {
        // Two runs given different databases on one shared server never drop each other's peers.
        assertThat(ConnectionStrings.databaseOf("jdbc:postgresql://h:5432/h11?user=u")).isEqualTo("h11");
        assertThat(PeerServer.databaseOf("h11", "db-scheduler")).isEqualTo("h11_peer_db_scheduler");
        assertThat(PeerServer.databaseOf("postgres", "pgq")).isEqualTo("postgres_peer_pgq");
        assertThatThrownBy(() -> PeerServer.databaseOf("My-Db", "pgq")).hasMessageContaining("no plain database name");
    }
}
