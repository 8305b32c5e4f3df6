package io.gfxfleet.orchestrator.publish;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PublishPlanTest {
    private static final String SHA = "0".repeat(64);

    @Test
    void filesAndMetadataGoUpTogetherLargestFirstThenPagesThenRootThenManifest() {
        List<ObjectWrite> plan = List.of(
                file("dist/a.whl", 10), file("dist/big.whl", 1000), file("dist/b.whl", 20),
                body("dist/a.whl.metadata", 30, ObjectWrite.Stage.METADATA),
                body("dist/index.html", 5, ObjectWrite.Stage.FLAT_PAGE),
                body("simple/a/", 7, ObjectWrite.Stage.PROJECT_PAGE),
                body("simple/", 3, ObjectWrite.Stage.ROOT_PAGE),
                body("run.json", 2, ObjectWrite.Stage.MANIFEST));
        assertEquals(List.of(
                        List.of("dist/big.whl", "dist/a.whl.metadata", "dist/b.whl", "dist/a.whl"),
                        List.of("simple/a/", "dist/index.html"),
                        List.of("simple/"),
                        List.of("run.json")),
                keys(PublishPlan.waves(plan)));
    }

    @Test
    void projectPagesNeverJoinTheFilesWhenTheFlatPageIsUnchanged() {
        // Only stages with something to write are in the list: here no metadata and no flat page.
        List<ObjectWrite> toWrite = List.of(file("dist/a.whl", 10),
                body("simple/a/", 7, ObjectWrite.Stage.PROJECT_PAGE), body("simple/", 3, ObjectWrite.Stage.ROOT_PAGE));
        assertEquals(List.of(List.of("dist/a.whl"), List.of("simple/a/"), List.of("simple/")),
                keys(PublishPlan.waves(toWrite)));
    }

    private static ObjectWrite file(String key, long size) {
        return new ObjectWrite(key, Optional.of(Path.of(key)), Optional.empty(), ObjectTarget.WHEEL, SHA, size,
                ObjectWrite.Stage.FILE);
    }

    private static ObjectWrite body(String key, int size, ObjectWrite.Stage stage) {
        return ObjectWrite.ofBody(key, new byte[size], ObjectTarget.HTML, stage);
    }

    private static List<List<String>> keys(List<List<ObjectWrite>> waves) {
        return waves.stream().map(w -> w.stream().map(ObjectWrite::key).toList()).toList();
    }
}
