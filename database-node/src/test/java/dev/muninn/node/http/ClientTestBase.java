package dev.muninn.node.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Each test gets a fresh database on the node under test, reached through the official client. */
abstract class ClientTestBase {
    ClientFixture fixture;

    @BeforeEach
    void createDatabase() {
        fixture = new ClientFixture();
    }

    @AfterEach
    void deleteDatabase() {
        fixture.close();
    }
}
