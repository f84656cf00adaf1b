package dev.sluice.examples.versioning;

import java.io.IOException;
import java.net.http.HttpClient;
import javax.sql.DataSource;

/**
 * The three services of the write-up, started in this JVM, each on its own loopback port and each
 * talking to the others only over HTTP/JSON: for tests and for the live traffic of
 * {@code sluice demo}. The benchmark ({@code sluice demo versioning}) deploys them as separate JVMs
 * behind a modelled network instead ({@link VersioningDeployment}).
 */
public final class VersioningServices implements AutoCloseable {

    private final HttpClient http;
    private final ProductService products;
    private final UserService users;
    private final VersioningService versioning;

    private VersioningServices(HttpClient http, ProductService products, UserService users, VersioningService versioning) {
        this.http = http;
        this.products = products;
        this.users = users;
        this.versioning = versioning;
    }

    /**
     * Starts the Product, User and Versioning services on {@code dataSource} (the pool shared by
     * both pipelines) for domain schema {@code schema}, each with {@code threads} request threads.
     */
    public static VersioningServices start(DataSource dataSource, String schema, int threads) throws IOException {
        HttpClient http = ServiceClient.newHttpClient();
        ProductService products = new ProductService(dataSource, schema, threads);
        UserService users = new UserService(dataSource, schema, threads);
        VersioningService versioning = new VersioningService(dataSource, schema, http, products.uri(), users.uri(), threads);
        return new VersioningServices(http, products, users, versioning);
    }

    /** The HTTP client shared by the services and both pipelines. */
    public HttpClient http() {
        return http;
    }

    public ProductService products() {
        return products;
    }

    public UserService users() {
        return users;
    }

    public VersioningService versioning() {
        return versioning;
    }

    @Override
    public void close() {
        versioning.close();
        users.close();
        products.close();
    }
}
