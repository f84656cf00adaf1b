package dev.sluice.examples.versioning;

import java.io.IOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The User service: {@code GET /users/{id}} and {@code POST /users/bulk {"ids": [...]}}.
 */
public final class UserService implements AutoCloseable {

    private final DataSource dataSource;
    private final VersioningSql sql;
    private final JsonHttpServer server;

    public UserService(DataSource dataSource, String schema, int threads) throws IOException {
        this.dataSource = dataSource;
        this.sql = new VersioningSql(schema);
        this.server = new JsonHttpServer("user-service", threads, Map.of(
                "/users/bulk", (rest, body) -> new Wire.Users(bulk(Json.read(body, Wire.Ids.class).ids())),
                "/users/", (rest, body) -> one(JsonHttpServer.parseId(rest))));
    }

    public URI uri() {
        return server.uri();
    }

    private User one(long id) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.get("user_by_id"))) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new JsonHttpServer.HttpError(404, "no user " + id);
                }
                return new User(rs.getLong(1), rs.getString(2), rs.getString(3));
            }
        }
    }

    private List<User> bulk(List<Long> ids) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.get("users_by_ids"))) {
            ps.setArray(1, c.createArrayOf("int8", ids.toArray()));
            List<User> users = new ArrayList<>(ids.size());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    users.add(new User(rs.getLong(1), rs.getString(2), rs.getString(3)));
                }
            }
            return users;
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
