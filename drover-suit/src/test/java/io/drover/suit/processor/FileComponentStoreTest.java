package io.drover.suit.processor;

import static org.assertj.core.api.Assertions.assertThat;

import io.drover.suit.ComponentId;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileComponentStoreTest {
    @TempDir
    Path root;

    private final ComponentRef app = ComponentRef.of(ComponentId.named("app"));

    private FileComponentStore store() throws Exception {
        return FileComponentStore.create(root, uri -> InputStream.nullInputStream(), UUID.randomUUID(),
                UUID.randomUUID(), Optional.empty());
    }

    private static byte[] text(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] read(Optional<InputStream> in) throws Exception {
        try (InputStream stream = in.orElseThrow()) {
            return stream.readAllBytes();
        }
    }

    @Test
    void stagedContentIsVisibleToTheProcessorButCurrentOnlyAfterCommit() throws Exception {
        FileComponentStore store = store();
        store.install(app, text("v1"));

        store.stage(app, new ByteArrayInputStream(text("v2")));

        assertThat(read(store.open(app))).isEqualTo(text("v2"));
        assertThat(store.content(app)).hasValue(text("v1"));
        store.commit(app);
        assertThat(store.content(app)).hasValue(text("v2"));
    }

    @Test
    void discardKeepsTheCurrentContent() throws Exception {
        FileComponentStore store = store();
        store.install(app, text("v1"));
        store.stage(app, new ByteArrayInputStream(text("v2")));

        store.discard(app);

        assertThat(read(store.open(app))).isEqualTo(text("v1"));
        assertThat(store.content(app)).hasValue(text("v1"));
    }

    @Test
    void swapExchangesContentAfterCommit() throws Exception {
        FileComponentStore store = store();
        ComponentRef other = ComponentRef.of(ComponentId.named("other"));
        store.install(app, text("a"));
        store.install(other, text("b"));

        store.swap(app, other);
        store.commit(app);
        store.commit(other);

        assertThat(store.content(app)).hasValue(text("b"));
        assertThat(store.content(other)).hasValue(text("a"));
    }

    @Test
    void componentIdsCannotEscapeTheFolder() throws Exception {
        FileComponentStore store = store();
        ComponentRef sneaky = ComponentRef.of(new ComponentId(List.of(text(".."), text("../../etc/passwd"))));

        store.stage(sneaky, new ByteArrayInputStream(text("x")));
        store.commit(sneaky);

        try (var files = Files.list(root.resolve("current"))) {
            assertThat(files.map(p -> p.getFileName().toString())).singleElement()
                    .satisfies(name -> assertThat(name).doesNotContain("/").doesNotContain(".."));
        }
    }

    @Test
    void versionIsReadBackAsIntegers() throws Exception {
        FileComponentStore store = store();

        store.setVersion(app.id(), List.of(1L, 4L, 0L));

        assertThat(store.version(app.id())).hasValue(List.of(1L, 4L, 0L));
        assertThat(store.version(ComponentId.named("none"))).isEmpty();
    }
}
