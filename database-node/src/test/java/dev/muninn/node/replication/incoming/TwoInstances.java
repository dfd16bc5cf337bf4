package dev.muninn.node.replication.incoming;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import dev.muninn.node.documents.DatabaseInstance;

/** Two real instances of one database (A and B) in a temporary directory, for replication carried by hand. */
abstract class TwoInstances {
    @TempDir
    Path dir;
    DatabaseInstance a;
    DatabaseInstance b;

    @BeforeEach
    void open() {
        a = DatabaseInstance.open("shop", "A", dir.resolve("a"), true, 1024);
        b = DatabaseInstance.open("shop", "B", dir.resolve("b"), true, 1024);
    }

    @AfterEach
    void close() {
        a.close();
        b.close();
    }
}
