package dev.sluice.examples.versioning;

import java.io.IOException;
import java.net.URI;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The Product service: {@code GET /products/{id}} (one product, 404 if absent) and
 * {@code POST /products/bulk {"ids": [...]}} (all of them in one query).
 */
public final class ProductService implements AutoCloseable {

    private final DataSource dataSource;
    private final VersioningSql sql;
    private final JsonHttpServer server;

    public ProductService(DataSource dataSource, String schema, int threads) throws IOException {
        this.dataSource = dataSource;
        this.sql = new VersioningSql(schema);
        this.server = new JsonHttpServer("product-service", threads, Map.of(
                "/products/bulk", (rest, body) -> new Wire.Products(bulk(Json.read(body, Wire.Ids.class).ids())),
                "/products/", (rest, body) -> one(JsonHttpServer.parseId(rest))));
    }

    public URI uri() {
        return server.uri();
    }

    private Product one(long id) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.get("product_by_id"))) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new JsonHttpServer.HttpError(404, "no product " + id);
                }
                return read(rs);
            }
        }
    }

    private List<Product> bulk(List<Long> ids) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.get("products_by_ids"))) {
            Array array = c.createArrayOf("int8", ids.toArray());
            ps.setArray(1, array);
            List<Product> products = new ArrayList<>(ids.size());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    products.add(read(rs));
                }
            }
            return products;
        }
    }

    private static Product read(ResultSet rs) throws SQLException {
        try {
            return new Product(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getBigDecimal(4), Json.MAPPER.readTree(rs.getString(5)),
                    rs.getBoolean(6), rs.getLong(7), rs.getLong(8), rs.getInt(9));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SQLException("attributes of product " + rs.getLong(1) + " are not JSON", e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
