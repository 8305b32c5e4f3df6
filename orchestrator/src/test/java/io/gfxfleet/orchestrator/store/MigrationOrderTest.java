package io.gfxfleet.orchestrator.store;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A store made by an earlier release (migrated up to V17_3, as the release before issue 14's
 * provenance was) opens with today's code: migrations are numbered by issue and land in any
 * order, so the later-landed, lower-numbered V14_5 must still be applied, not refused.
 */
class MigrationOrderTest {
    @TempDir
    Path dir;

    @Test
    void aStoreAtAnEarlierReleaseTakesALowerNumberedMigrationThatLandedLater() throws Exception {
        // The release before issue 14 shipped every migration up to V17_3 except V14_5.
        Path all = Path.of(getClass().getResource("/db/migration/V1__init.sql").toURI()).getParent();
        Path released = java.nio.file.Files.createDirectories(dir.resolve("released"));
        try (var files = java.nio.file.Files.list(all)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString();
                if (!name.startsWith("V14_5__") && !name.startsWith("V17_4__")) {
                    java.nio.file.Files.copy(f, released.resolve(name));
                }
            }
        }
        String url = "jdbc:sqlite:" + dir.resolve("old.db");
        Flyway.configure().dataSource(url, null, null).locations("filesystem:" + released).target("17.3").load().migrate();
        try (Connection c = DriverManager.getConnection(url); ResultSet rs = c.getMetaData().getColumns(null, null, "runs", "repository")) {
            assertTrue(!rs.next(), "the old store has no provenance columns yet");
        }

        Database.open(url).close();

        try (Connection c = DriverManager.getConnection(url); ResultSet rs = c.getMetaData().getColumns(null, null, "runs", "repository")) {
            assertTrue(rs.next(), "V14_5 was applied to the store that was already at V17_3");
        }
    }
}
